#pragma once

#include "auth/signin/authorizationservermetadata.h"
#include "auth/signin/signinresult.h"
#include "http/tlssettings.h"

#include <QList>
#include <QObject>
#include <QUrl>

namespace Keyway {

class AuthServerRequest;
class Clock;

// Reads an authorization server's metadata from its issuer URL: the OpenID configuration first,
// then the RFC 8414 document, and accepts only a document for exactly that issuer.
class Discovery final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Discovery)
public:
    explicit Discovery(Clock *clock, QObject *parent = nullptr);
    ~Discovery() override;

    void setTimeoutMs(qint64 timeoutMs) { m_timeoutMs = timeoutMs; }
    void setTls(const TlsSettings &tls) { m_tls = tls; }
    void start(const QString &issuer);
    // Valid once finished with success.
    const AuthorizationServerMetadata &metadata() const { return m_metadata; }

    // Where the documents for `issuer` live, in the order they are tried: OpenID Connect
    // Discovery §4.1 appends to the issuer, RFC 8414 §3.1 inserts before its path. Empty for
    // an issuer that is not an http(s) URL without query or fragment.
    static QList<QUrl> wellKnownUrls(const QString &issuer);

Q_SIGNALS:
    void finished(const Keyway::SignInResult &result);

private:
    void fetch(int index);
    void onFetched(AuthServerRequest *request, int index);
    void finish(const SignInResult &result);

    Clock *m_clock;
    qint64 m_timeoutMs = 15000;
    TlsSettings m_tls;
    QString m_issuer;
    QList<QUrl> m_urls;
    QStringList m_failures;
    AuthorizationServerMetadata m_metadata;
    bool m_running = false;
};

} // namespace Keyway
