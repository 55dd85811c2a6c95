#pragma once

#include "collection/workspacedata.h"
#include "urledit.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QPushButton;
class QSpinBox;
class QTabWidget;

namespace Keyway {

class AuthEditor;
class BodyEditor;
class KeyValueTable;

// Edits one request (a RequestItem): method (any verb), URL with `{{variables}}`, query
// parameters kept in step with the URL, headers, body, auth (inherit, none, profile, bearer,
// basic) and timeout. Send and Cancel
// are signals: the window does the sending.
class RequestComposer final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RequestComposer)
public:
    explicit RequestComposer(QWidget *parent = nullptr);

    RequestItem item() const;
    void setItem(const RequestItem &item);
    // The profiles the Auth tab offers; `inherited` is what "Inherit" means here, `from` whose
    // it is.
    void setProfiles(const QStringList &profiles, const QString &inherited,
                     const QString &from = {});
    void setVariableLookup(UrlEdit::Lookup lookup);

    void setBusy(bool busy);
    bool isBusy() const { return m_busy; }
    void focusUrl();

    UrlEdit *urlEdit() const { return m_url; }
    // Method, URL and Send: the tab lays it out across its whole width, above composer and
    // response.
    QWidget *bar() const { return m_bar; }
    KeyValueTable *paramsTable() const { return m_params; }
    KeyValueTable *headersTable() const { return m_headers; }
    BodyEditor *bodyEditor() const { return m_body; }
    AuthEditor *authEditor() const { return m_auth; }

Q_SIGNALS:
    void sendRequested();
    void cancelRequested();
    void changed();

private:
    void urlToParams();
    void paramsToUrl();
    void updateTabTitles();

    QWidget *m_bar;
    QComboBox *m_method;
    UrlEdit *m_url;
    QPushButton *m_send;
    QTabWidget *m_tabs;
    KeyValueTable *m_params;
    KeyValueTable *m_headers;
    BodyEditor *m_body;
    AuthEditor *m_auth;
    QSpinBox *m_timeout;
    QCheckBox *m_followRedirects;
    // The item as it was set: what the composer does not edit (name, description, variables,
    // assertions, settings to come) goes back unchanged, so a save never drops them.
    RequestItem m_loaded;
    bool m_busy = false;
    bool m_syncing = false;
};

} // namespace Keyway
