#include "bodyeditor.h"

#include "jsonhighlighter.h"
#include "keyvaluetable.h"

#include <QComboBox>
#include <QFileDialog>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QStackedWidget>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>

namespace Keyway {

namespace {

enum PartColumn { PartName, PartValue, PartKind };

QWidget *page(QWidget *parent, QLayout *layout)
{
    auto *widget = new QWidget(parent);
    layout->setContentsMargins(0, 0, 0, 0);
    widget->setLayout(layout);
    return widget;
}

} // namespace

BodyEditor::BodyEditor(QWidget *parent)
    : QWidget(parent),
      m_mode(new QComboBox(this)),
      m_contentType(new QComboBox(this)),
      m_pages(new QStackedWidget(this)),
      m_raw(new QPlainTextEdit(this)),
      m_form(new KeyValueTable(tr("field"), this)),
      m_parts(new QTableWidget(0, 3, this)),
      m_file(new QLineEdit(this))
{
    m_mode->setObjectName(QStringLiteral("bodyMode"));
    m_mode->addItem(tr("No body"), int(RequestBody::Mode::None));
    m_mode->addItem(tr("Raw"), int(RequestBody::Mode::Raw));
    m_mode->addItem(tr("Form URL-encoded"), int(RequestBody::Mode::FormUrlEncoded));
    m_mode->addItem(tr("Multipart form"), int(RequestBody::Mode::Multipart));
    m_mode->addItem(tr("Binary file"), int(RequestBody::Mode::File));
    m_contentType->setObjectName(QStringLiteral("bodyContentType"));
    m_contentType->setEditable(true);
    m_contentType->addItems({QStringLiteral("application/json"), QStringLiteral("application/xml"),
                             QStringLiteral("text/plain"), QStringLiteral("text/html")});
    m_contentType->setToolTip(tr("Content-Type sent with a raw body; type any other"));

    auto *none = new QLabel(tr("This request has no body."), this);
    none->setAlignment(Qt::AlignCenter);
    none->setForegroundRole(QPalette::PlaceholderText);

    m_raw->setObjectName(QStringLiteral("requestBody"));
    m_raw->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_raw->setPlaceholderText(tr("{\n  \"name\": \"value\"\n}"));
    m_raw->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_raw->setTabChangesFocus(true);
    new JsonHighlighter(m_raw->document());

    m_form->setObjectName(QStringLiteral("formFields"));

    m_parts->setObjectName(QStringLiteral("multipartParts"));
    m_parts->setHorizontalHeaderLabels({tr("Name"), tr("Value or file"), tr("Kind")});
    m_parts->verticalHeader()->hide();
    m_parts->horizontalHeader()->setStretchLastSection(false);
    m_parts->horizontalHeader()->setSectionResizeMode(PartValue, QHeaderView::Stretch);
    m_parts->horizontalHeader()->resizeSection(PartName, 160);
    m_parts->setShowGrid(false);
    auto *addText = new QToolButton(this);
    addText->setText(tr("Add text part"));
    auto *addFile = new QToolButton(this);
    addFile->setObjectName(QStringLiteral("addFilePart"));
    addFile->setText(tr("Add file…"));
    auto *removePart = new QToolButton(this);
    removePart->setText(tr("Remove"));
    auto *partButtons = new QHBoxLayout;
    partButtons->addWidget(addText);
    partButtons->addWidget(addFile);
    partButtons->addWidget(removePart);
    partButtons->addStretch(1);
    auto *partsLayout = new QVBoxLayout;
    partsLayout->addWidget(m_parts, 1);
    partsLayout->addLayout(partButtons);

    m_file->setObjectName(QStringLiteral("bodyFile"));
    m_file->setPlaceholderText(tr("/path/to/file.bin (read when sent, again for a replay)"));
    auto *browse = new QToolButton(this);
    browse->setText(tr("Choose…"));
    auto *fileRow = new QHBoxLayout;
    fileRow->addWidget(m_file, 1);
    fileRow->addWidget(browse);
    auto *fileLayout = new QVBoxLayout;
    fileLayout->addLayout(fileRow);
    fileLayout->addStretch(1);

    m_pages->addWidget(none);
    m_pages->addWidget(m_raw);
    m_pages->addWidget(m_form);
    m_pages->addWidget(page(this, partsLayout));
    m_pages->addWidget(page(this, fileLayout));

    auto *top = new QHBoxLayout;
    top->setContentsMargins(0, 4, 0, 0);
    top->addWidget(m_mode);
    top->addWidget(m_contentType);
    top->addStretch(1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addWidget(m_pages, 1);

    connect(m_mode, &QComboBox::currentIndexChanged, this, [this](int index) {
        m_pages->setCurrentIndex(index);
        m_contentType->setVisible(mode() == RequestBody::Mode::Raw);
        Q_EMIT changed();
    });
    connect(m_contentType, &QComboBox::currentTextChanged, this, &BodyEditor::changed);
    connect(m_raw, &QPlainTextEdit::textChanged, this, &BodyEditor::changed);
    connect(m_form, &KeyValueTable::changed, this, &BodyEditor::changed);
    connect(m_parts, &QTableWidget::itemChanged, this, &BodyEditor::changed);
    connect(m_file, &QLineEdit::textChanged, this, &BodyEditor::changed);
    connect(addText, &QToolButton::clicked, this, [this] {
        const int row = m_parts->rowCount();
        m_parts->insertRow(row);
        m_parts->setItem(row, PartName, new QTableWidgetItem());
        m_parts->setItem(row, PartValue, new QTableWidgetItem());
        auto *kind = new QTableWidgetItem(tr("text"));
        kind->setFlags(kind->flags() & ~Qt::ItemIsEditable);
        m_parts->setItem(row, PartKind, kind);
        m_parts->editItem(m_parts->item(row, PartName));
    });
    connect(addFile, &QToolButton::clicked, this, &BodyEditor::addFilePart);
    connect(removePart, &QToolButton::clicked, this, [this] {
        if (m_parts->currentRow() >= 0)
            m_parts->removeRow(m_parts->currentRow());
        Q_EMIT changed();
    });
    connect(browse, &QToolButton::clicked, this, &BodyEditor::chooseBinaryFile);
    m_contentType->hide();
}

RequestBody::Mode BodyEditor::mode() const
{
    return RequestBody::Mode(m_mode->currentData().toInt());
}

void BodyEditor::setMode(RequestBody::Mode mode)
{
    m_mode->setCurrentIndex(m_mode->findData(int(mode)));
}

void BodyEditor::addFilePart()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Add a file part"));
    if (path.isEmpty())
        return;
    const int row = m_parts->rowCount();
    m_parts->insertRow(row);
    m_parts->setItem(row, PartName, new QTableWidgetItem(QStringLiteral("file")));
    m_parts->setItem(row, PartValue, new QTableWidgetItem(path));
    auto *kind = new QTableWidgetItem(tr("file"));
    kind->setFlags(kind->flags() & ~Qt::ItemIsEditable);
    m_parts->setItem(row, PartKind, kind);
    Q_EMIT changed();
}

void BodyEditor::chooseBinaryFile()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Send a file as the body"));
    if (!path.isEmpty())
        m_file->setText(path);
}

RequestBody BodyEditor::body() const
{
    RequestBody body;
    body.mode = mode();
    body.contentType =
        body.mode == RequestBody::Mode::Raw ? m_contentType->currentText().trimmed() : QString();
    body.text = m_raw->toPlainText();
    body.formFields = m_form->rows();
    for (int row = 0; row < m_parts->rowCount(); ++row) {
        const QString name = m_parts->item(row, PartName)->text().trimmed();
        if (name.isEmpty())
            continue;
        MultipartPart part;
        part.name = name;
        const QString value = m_parts->item(row, PartValue)->text();
        if (m_parts->item(row, PartKind)->text() == tr("file"))
            part.filePath = value;
        else
            part.value = value;
        body.parts << part;
    }
    body.filePath = m_file->text().trimmed();
    return body;
}

void BodyEditor::setBody(const RequestBody &body)
{
    const QSignalBlocker blocker(this);
    setMode(body.mode);
    m_pages->setCurrentIndex(m_mode->currentIndex());
    m_contentType->setVisible(body.mode == RequestBody::Mode::Raw);
    if (!body.contentType.isEmpty())
        m_contentType->setCurrentText(body.contentType);
    m_raw->setPlainText(body.text);
    m_form->setRows(body.formFields);
    m_parts->setRowCount(0);
    for (const MultipartPart &part : body.parts) {
        const int row = m_parts->rowCount();
        m_parts->insertRow(row);
        m_parts->setItem(row, PartName, new QTableWidgetItem(part.name));
        m_parts->setItem(row, PartValue,
                         new QTableWidgetItem(part.isFile() ? part.filePath : part.value));
        auto *kind = new QTableWidgetItem(part.isFile() ? tr("file") : tr("text"));
        kind->setFlags(kind->flags() & ~Qt::ItemIsEditable);
        m_parts->setItem(row, PartKind, kind);
    }
    m_file->setText(body.filePath);
}

} // namespace Keyway
