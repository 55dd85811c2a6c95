#pragma once

#include "http/bodysource.h"
#include "http/request.h"

#include <QTabWidget>

class QPlainTextEdit;

namespace Keyway {

class HeadersTable;

// What goes with a request besides method and URL: headers and a plain-text body.
class RequestEditor final : public QTabWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RequestEditor)
public:
    explicit RequestEditor(QWidget *parent = nullptr);

    HeaderList headers() const;
    // No body when the editor is empty.
    BodySource body() const;

    HeadersTable *headersTable() const { return m_headers; }
    QPlainTextEdit *bodyEdit() const { return m_body; }

private:
    void updateTabTitles();

    HeadersTable *m_headers;
    QPlainTextEdit *m_body;
};

} // namespace Keyway
