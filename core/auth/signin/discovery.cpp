#include "auth/signin/discovery.h"

#include "auth/signin/authserverrequest.h"

namespace Keyway {

Discovery::Discovery(Clock *clock, QObject *parent) : QObject(parent), m_clock(clock) { }

Discovery::~Discovery() = default;

QList<QUrl> Discovery::wellKnownUrls(const QString &issuer)
{
    const QUrl url(issuer, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty() || url.hasQuery() || url.hasFragment()
        || (url.scheme() != QLatin1String("https") && url.scheme() != QLatin1String("http")))
        return {};
    QString path = url.path();
    while (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    QUrl openId = url;
    openId.setPath(path + QStringLiteral("/.well-known/openid-configuration"));
    QUrl oauth = url;
    oauth.setPath(QStringLiteral("/.well-known/oauth-authorization-server") + path);
    return {openId, oauth};
}

void Discovery::start(const QString &issuer)
{
    if (m_running)
        return;
    m_running = true;
    m_issuer = issuer;
    m_failures.clear();
    m_metadata = {};
    m_urls = wellKnownUrls(issuer);
    if (m_urls.isEmpty()) {
        finish(SignInResult::failure(SignInResult::Status::NotConfigured,
                                     QStringLiteral("'%1' is not an issuer URL (http(s), no "
                                                    "query, no fragment)")
                                         .arg(issuer)));
        return;
    }
    fetch(0);
}

void Discovery::fetch(int index)
{
    AuthServerRequest *request =
        AuthServerRequest::get(m_urls.at(index), m_clock, m_timeoutMs, this);
    request->setTls(m_tls);
    connect(request, &AuthServerRequest::finished, this, [this, request, index] {
        request->deleteLater();
        onFetched(request, index);
    });
    request->start();
}

void Discovery::onFetched(AuthServerRequest *request, int index)
{
    const QUrl &url = m_urls.at(index);
    if (request->ok()) {
        QString error;
        bool mismatch = false;
        if (auto metadata =
                AuthorizationServerMetadata::parse(request->body(), m_issuer, &error, &mismatch)) {
            m_metadata = *metadata;
            m_metadata.source = url;
            finish(SignInResult::success(
                QStringLiteral("discovered %1 from %2").arg(m_issuer, url.toDisplayString())));
            return;
        }
        if (mismatch) {
            // Not a missing document but a wrong one: trying the other name would only look for
            // a document that agrees.
            finish(
                SignInResult::failure(SignInResult::Status::IssuerMismatch,
                                      QStringLiteral("%1: %2").arg(url.toDisplayString(), error)));
            return;
        }
        m_failures.append(QStringLiteral("%1: %2").arg(url.toDisplayString(), error));
    } else {
        m_failures.append(request->message());
        // Nothing answered at all: the other document is on the same server.
        if (request->status() == AuthServerRequest::Status::Unreachable
            || request->status() == AuthServerRequest::Status::TimedOut) {
            SignInResult failed = SignInResult::failure(
                SignInResult::Status::Failed,
                QStringLiteral("discovery failed: %1").arg(request->message()));
            failed.tlsRefused = request->tlsRefused();
            finish(failed);
            return;
        }
    }
    if (index + 1 < m_urls.size()) {
        fetch(index + 1);
        return;
    }
    finish(SignInResult::failure(SignInResult::Status::Failed,
                                 QStringLiteral("no discovery document for %1 (%2)")
                                     .arg(m_issuer, m_failures.join(QStringLiteral("; ")))));
}

void Discovery::finish(const SignInResult &result)
{
    m_running = false;
    Q_EMIT finished(result);
}

} // namespace Keyway
