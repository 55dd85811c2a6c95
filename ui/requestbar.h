#pragma once

#include <QUrl>
#include <QWidget>

class QComboBox;
class QLineEdit;
class QPushButton;

namespace Keyway {

// The line at the top of a request: method (any verb), URL and Send.
class RequestBar final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RequestBar)
public:
    explicit RequestBar(QWidget *parent = nullptr);

    QByteArray method() const;
    void setMethod(const QString &method);
    // The URL as typed, completed the way a browser would ("localhost:8080/x" → http://...).
    // Invalid when the field is empty or cannot be read as a URL.
    QUrl url() const;
    void setUrl(const QUrl &url);

    void focusUrl();
    // While busy the button says so; Send stays available, and the newest request wins.
    void setBusy(bool busy);

Q_SIGNALS:
    void sendRequested();

private:
    QComboBox *m_method;
    QLineEdit *m_url;
    QPushButton *m_send;
};

} // namespace Keyway
