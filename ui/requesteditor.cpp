#include "requesteditor.h"

#include "headerstable.h"

#include <QFontDatabase>
#include <QPlainTextEdit>

namespace Keyway {

RequestEditor::RequestEditor(QWidget *parent)
    : QTabWidget(parent), m_headers(new HeadersTable(this)), m_body(new QPlainTextEdit(this))
{
    setObjectName(QStringLiteral("requestTabs"));
    setDocumentMode(true);
    m_body->setObjectName(QStringLiteral("requestBody"));
    m_body->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_body->setPlaceholderText(tr("Request body (sent as typed, UTF-8). Add a Content-Type "
                                  "header, for example application/json."));
    m_body->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_body->setTabChangesFocus(true);

    addTab(m_headers, tr("Headers"));
    addTab(m_body, tr("Body"));

    connect(m_headers, &HeadersTable::changed, this, &RequestEditor::updateTabTitles);
    connect(m_body, &QPlainTextEdit::textChanged, this, &RequestEditor::updateTabTitles);
}

HeaderList RequestEditor::headers() const
{
    return m_headers->headers();
}

BodySource RequestEditor::body() const
{
    const QString text = m_body->toPlainText();
    return text.isEmpty() ? BodySource() : BodySource::bytes(text.toUtf8());
}

void RequestEditor::updateTabTitles()
{
    const qsizetype headerCount = m_headers->headers().size();
    setTabText(0, headerCount ? tr("Headers (%1)").arg(headerCount) : tr("Headers"));
    setTabText(1, m_body->document()->isEmpty() ? tr("Body") : tr("Body •"));
}

} // namespace Keyway
