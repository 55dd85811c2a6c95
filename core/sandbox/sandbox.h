#pragma once

#include "sandbox/sandboxconfig.h"
#include "sandbox/sandboxcounters.h"

#include <QByteArray>
#include <QJsonObject>
#include <QObject>
#include <QStringList>
#include <QUrl>

#include <memory>

namespace Keyway {

class AdminRoutes;
class ApiRoutes;
class AuthorizeRoute;
class DeviceRoutes;
class HttpListener;
class RevocationRoute;
class TokenEndpointRoute;
struct HttpRequest;
struct HttpResponse;
struct SandboxState;

// A real OAuth 2.0 authorization server and Bearer-protected API on 127.0.0.1, with fault
// injection, for tests, demos and benchmarks. Lives in one thread: call it from that thread.
class Sandbox final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Sandbox)

public:
    explicit Sandbox(SandboxConfig config = {}, QObject *parent = nullptr);
    ~Sandbox() override;

    bool start(QString *error = nullptr); // binds both listeners on 127.0.0.1
    QUrl baseUrl() const; // http://127.0.0.1:PORT
    QUrl tokenUrl() const; // baseUrl + /oauth/token
    QUrl apiUrl(const QString &pathAndQuery) const; // e.g. apiUrl("/api/items")
    QUrl otherOriginUrl() const; // http://127.0.0.1:OTHERPORT
    QUrl authorizeUrl() const; // baseUrl + /oauth/authorize
    QUrl deviceAuthorizationUrl() const; // baseUrl + /oauth/device_authorization
    QUrl revocationUrl() const; // baseUrl + /oauth/revoke
    // What discovery and every JWT name as issuer: the override if set, else baseUrl.
    QString issuer() const;
    // After start() the ports are the bound ones; the setters below change the rest.
    const SandboxConfig &config() const;
    SandboxCounters counters() const;
    void resetCounters();
    // Applies to every token request until changed, or to the next `times` requests only.
    void setTokenFault(TokenFault fault, int times = 0);
    // Token answers are held back this long; the grant itself happens when the request arrives.
    void setTokenDelay(int ms);
    void setApiFault(ApiFault fault);
    void setAccessTokenLifetime(int seconds);
    void setExpiredStatus(int status);
    void setRotation(bool rotate);
    void setReuseDetection(bool on);
    // Every access token issued so far is now expired (refresh tokens stay valid).
    void expireAllTokens();
    // Every access and refresh token ever issued (for redaction tests).
    QStringList issuedSecrets() const;

    // Sign-in flows. The device shortcuts do what the /device page or the clock would do; each
    // returns false when no pending authorization has that user code.
    bool approveDeviceCode(const QString &userCode);
    bool denyDeviceCode(const QString &userCode);
    bool expireDeviceCode(const QString &userCode);
    void setAuthorizeMode(AuthorizeMode mode);
    // Advertise another issuer in discovery and the JWTs (a mismatch test); empty restores it.
    void setIssuerOverride(const QString &issuer);
    // Revocation requests answer `status` (e.g. 503, with Retry-After: 1) until changed, or
    // for the next `times` requests only; status 0 clears the fault.
    void setRevocationFault(int status, int times = 0);
    // Apply to device codes issued afterwards. 0 s: polling is never too fast.
    void setDeviceInterval(int seconds);
    void setDeviceExpiresIn(int seconds);
    void setJwtAccessTokens(bool on);
    // Form fields of the last token request, with secrets replaced by "***".
    QJsonObject lastTokenRequest() const;
    // The HS256 key of id_tokens and JWT access tokens, for tests that verify signatures.
    QByteArray jwtSigningKey() const;
    // Header of the last /api/* request (tests check replays); empty if absent.
    QByteArray lastRequestHeader(const QByteArray &name) const;

private:
    HttpResponse route(const HttpRequest &request);
    // Counts the 2xx answers of /api/*, delayed ones when they are decided.
    HttpResponse countingSuccesses(HttpResponse response);

    std::unique_ptr<SandboxState> m_state;
    std::unique_ptr<TokenEndpointRoute> m_tokenEndpoint;
    std::unique_ptr<AuthorizeRoute> m_authorize;
    std::unique_ptr<DeviceRoutes> m_device;
    std::unique_ptr<RevocationRoute> m_revocation;
    std::unique_ptr<ApiRoutes> m_api;
    std::unique_ptr<AdminRoutes> m_admin;
    HttpListener *m_main = nullptr;
    HttpListener *m_other = nullptr;
    bool m_started = false;
};

} // namespace Keyway
