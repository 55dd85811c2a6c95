#pragma once

#include "collection/workspacedata.h"

#include <QWidget>

class QComboBox;
class QLineEdit;
class QPlainTextEdit;
class QStackedWidget;
class QTableWidget;

namespace Keyway {

class KeyValueTable;

// A request body in any of the forms a request can carry: none, raw text (JSON, XML, plain
// text or another content type), form-urlencoded fields, multipart parts (text or files) or a
// binary file. Edits a RequestBody.
class BodyEditor final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BodyEditor)
public:
    explicit BodyEditor(QWidget *parent = nullptr);

    RequestBody body() const;
    void setBody(const RequestBody &body);
    void setMode(RequestBody::Mode mode);
    RequestBody::Mode mode() const;
    QPlainTextEdit *rawEdit() const { return m_raw; }

Q_SIGNALS:
    void changed();

private:
    void addFilePart();
    void chooseBinaryFile();

    QComboBox *m_mode;
    QComboBox *m_contentType;
    QStackedWidget *m_pages;
    QPlainTextEdit *m_raw;
    KeyValueTable *m_form;
    QTableWidget *m_parts;
    QLineEdit *m_file;
};

} // namespace Keyway
