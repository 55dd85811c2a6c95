#include "sandbox/sandbox.h"

#include "sandbox/adminroutes.h"
#include "sandbox/apiroutes.h"
#include "sandbox/authorizeroute.h"
#include "sandbox/deviceroutes.h"
#include "sandbox/discoveryroute.h"
#include "sandbox/httplistener.h"
#include "sandbox/otherorigin.h"
#include "sandbox/randomtoken.h"
#include "sandbox/revocationroute.h"
#include "sandbox/sandboxstate.h"
#include "sandbox/signedtokens.h"
#include "sandbox/tokenendpointroute.h"

#include <QFile>
#include <QSslConfiguration>
#include <QSslKey>

namespace Keyway {

namespace {

QUrl loopbackUrl(const SandboxConfig &config, quint16 port)
{
    QUrl url;
    url.setScheme(config.https() ? QStringLiteral("https") : QStringLiteral("http"));
    url.setHost(QStringLiteral("127.0.0.1"));
    url.setPort(port);
    url.setPath(QStringLiteral("/"));
    return url;
}

// The listeners' TLS from the configured PEM files; nullopt with the reason in `error`.
std::optional<QSslConfiguration> serverTls(const SandboxConfig &config, QString *error)
{
    const auto read = [error](const QString &path) -> std::optional<QByteArray> {
        QFile file(path);
        if (file.open(QIODevice::ReadOnly))
            return file.readAll();
        if (error)
            *error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
        return std::nullopt;
    };
    const auto certificate = read(config.tlsCertificateFile);
    const auto key = certificate ? read(config.tlsKeyFile) : std::nullopt;
    if (!key)
        return std::nullopt;
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setLocalCertificateChain(QSslCertificate::fromData(*certificate, QSsl::Pem));
    QSslKey privateKey(*key, QSsl::Rsa, QSsl::Pem);
    if (privateKey.isNull())
        privateKey = QSslKey(*key, QSsl::Ec, QSsl::Pem);
    if (tls.localCertificateChain().isEmpty() || privateKey.isNull()) {
        if (error)
            *error = QStringLiteral("%1 and %2 must be a PEM certificate and its PEM key")
                         .arg(config.tlsCertificateFile, config.tlsKeyFile);
        return std::nullopt;
    }
    tls.setPrivateKey(privateKey);
    if (!config.tlsClientCaFile.isEmpty()) {
        const auto clientCa = read(config.tlsClientCaFile);
        if (!clientCa)
            return std::nullopt;
        tls.setCaCertificates(QSslCertificate::fromData(*clientCa, QSsl::Pem));
        tls.setPeerVerifyMode(QSslSocket::VerifyPeer);
        // A client without a certificate is refused in the handshake with a TLS alert, as an
        // OpenSSL server with SSL_VERIFY_FAIL_IF_NO_PEER_CERT does, rather than by Qt closing
        // the connection after it: the client can then tell a refusal from a lost answer.
        tls.setMissingCertificateIsFatal(true);
    } else {
        tls.setPeerVerifyMode(QSslSocket::VerifyNone);
    }
    return tls;
}

} // namespace

Sandbox::Sandbox(SandboxConfig config, QObject *parent)
    : QObject(parent), m_state(std::make_unique<SandboxState>())
{
    m_state->config = std::move(config);
    // 256 bits, new for every sandbox: a token signed by one instance means nothing to another.
    m_state->jwtKey = randomToken(32).toLatin1();
    m_state->tokens.setAccessTokenMinter([state = m_state.get()](const TokenRegistry::Login &login,
                                                                 const QString &scope,
                                                                 int lifetimeSec) {
        return state->config.jwtAccessTokens ? makeJwtAccessToken(*state, login, scope, lifetimeSec)
                                             : QString();
    });
    m_tokenEndpoint = std::make_unique<TokenEndpointRoute>(*m_state);
    m_authorize = std::make_unique<AuthorizeRoute>(*m_state);
    m_device = std::make_unique<DeviceRoutes>(*m_state);
    m_revocation = std::make_unique<RevocationRoute>(*m_state);
    m_api = std::make_unique<ApiRoutes>(
        *m_state, [this] { return baseUrl(); }, [this] { return otherOriginUrl(); });
    m_admin = std::make_unique<AdminRoutes>(*m_state);
    m_main = new HttpListener([this](const HttpRequest &request) { return route(request); }, this);
    m_other = new HttpListener(
        [this](const HttpRequest &request) {
            return answerOtherOrigin(request, m_state->counters);
        },
        this);
}

// Members die before ~QObject deletes the children, so the listeners (and with them every
// open, hung or delayed connection) are deleted here first: nothing may reach the routes
// after the unique_ptrs have destroyed them.
Sandbox::~Sandbox()
{
    delete m_main;
    delete m_other;
}

bool Sandbox::start(QString *error)
{
    if (m_started) {
        if (error)
            *error = QStringLiteral("the sandbox is already running");
        return false;
    }
    SandboxConfig &config = m_state->config;
    if (config.port != 0 && config.port == config.otherOriginPort) {
        if (error)
            *error = QStringLiteral("port and other-origin port must differ");
        return false;
    }
    std::optional<QSslConfiguration> tls;
    if (config.https()) {
        tls = serverTls(config, error);
        if (!tls)
            return false;
    }
    const QSslConfiguration *useTls = tls ? &*tls : nullptr;
    if (!m_main->start(config.port, useTls, error))
        return false;
    if (!m_other->start(config.otherOriginPort, useTls, error)) {
        // Leave nothing half-started: a retry with other ports must be able to bind again.
        delete m_main;
        m_main =
            new HttpListener([this](const HttpRequest &request) { return route(request); }, this);
        return false;
    }
    config.port = m_main->port();
    config.otherOriginPort = m_other->port();
    connect(m_main, &HttpListener::tlsHandshakeStarted, this,
            [this] { ++m_state->counters.tlsHandshakes; });
    m_started = true;
    return true;
}

QUrl Sandbox::baseUrl() const
{
    return m_state->baseUrl();
}

QUrl Sandbox::tokenUrl() const
{
    return apiUrl(QStringLiteral("/oauth/token"));
}

QUrl Sandbox::apiUrl(const QString &pathAndQuery) const
{
    return loopbackUrl(m_state->config, m_state->config.port).resolved(QUrl(pathAndQuery));
}

QUrl Sandbox::otherOriginUrl() const
{
    QUrl url = loopbackUrl(m_state->config, m_state->config.otherOriginPort);
    url.setPath(QString());
    return url;
}

QUrl Sandbox::authorizeUrl() const
{
    return apiUrl(QStringLiteral("/oauth/authorize"));
}

QUrl Sandbox::deviceAuthorizationUrl() const
{
    return apiUrl(QStringLiteral("/oauth/device_authorization"));
}

QUrl Sandbox::revocationUrl() const
{
    return apiUrl(QStringLiteral("/oauth/revoke"));
}

QString Sandbox::issuer() const
{
    return m_state->issuer();
}

const SandboxConfig &Sandbox::config() const
{
    return m_state->config;
}

SandboxCounters Sandbox::counters() const
{
    return m_state->counters;
}

void Sandbox::resetCounters()
{
    m_state->counters = SandboxCounters();
}

void Sandbox::setTokenFault(TokenFault fault, int times)
{
    m_state->tokenFault = fault;
    m_state->tokenFaultUses = times;
}

void Sandbox::setTokenDelay(int ms)
{
    m_state->tokenDelayMs = ms;
}

void Sandbox::setApiFault(ApiFault fault)
{
    m_state->apiFault = fault;
}

void Sandbox::setAccessTokenLifetime(int seconds)
{
    m_state->config.accessTokenLifetimeSec = qMax(0, seconds);
}

void Sandbox::setExpiredStatus(int status)
{
    m_state->config.expiredStatus = status == 403 ? 403 : 401;
}

void Sandbox::setRotation(bool rotate)
{
    m_state->config.rotateRefreshTokens = rotate;
}

void Sandbox::setReuseDetection(bool on)
{
    m_state->config.reuseDetection = on;
}

void Sandbox::expireAllTokens()
{
    m_state->tokens.expireAllAccessTokens();
}

QStringList Sandbox::issuedSecrets() const
{
    return m_state->tokens.issuedSecrets();
}

QByteArray Sandbox::lastRequestHeader(const QByteArray &name) const
{
    return headerValue(m_state->lastApiHeaders, name);
}

bool Sandbox::approveDeviceCode(const QString &userCode)
{
    return m_state->devices.decide(userCode, DeviceCodes::Decision::Approve);
}

bool Sandbox::denyDeviceCode(const QString &userCode)
{
    return m_state->devices.decide(userCode, DeviceCodes::Decision::Deny);
}

bool Sandbox::expireDeviceCode(const QString &userCode)
{
    return m_state->devices.decide(userCode, DeviceCodes::Decision::Expire);
}

void Sandbox::setAuthorizeMode(AuthorizeMode mode)
{
    m_state->config.authorizeMode = mode;
}

void Sandbox::setIssuerOverride(const QString &issuer)
{
    m_state->issuerOverride = issuer;
}

void Sandbox::setRevocationFault(int status, int times)
{
    m_state->revocationFaultStatus = status;
    m_state->revocationFaultUses = status == 0 ? 0 : qMax(times, 0);
}

void Sandbox::setDeviceInterval(int seconds)
{
    m_state->config.deviceIntervalSec = qMax(0, seconds);
}

void Sandbox::setDeviceExpiresIn(int seconds)
{
    m_state->config.deviceExpiresInSec = qMax(1, seconds);
}

void Sandbox::setJwtAccessTokens(bool on)
{
    m_state->config.jwtAccessTokens = on;
}

QJsonObject Sandbox::lastTokenRequest() const
{
    return m_state->lastTokenRequest;
}

QByteArray Sandbox::jwtSigningKey() const
{
    return m_state->jwtKey;
}

HttpResponse Sandbox::countingSuccesses(HttpResponse response)
{
    const auto isSuccess = [](const HttpResponse &r) {
        return (r.delivery == HttpResponse::Delivery::Now
                || r.delivery == HttpResponse::Delivery::Delayed)
            && r.status >= 200 && r.status < 300;
    };
    if (response.decideLater) {
        // The answer is decided when the delay ends: count it then, as it is sent.
        // (The API routes' own late decision holds `this` the same way: the listener that runs
        // it is the sandbox's child.)
        response.decideLater = [decide = std::move(response.decideLater), isSuccess, this] {
            HttpResponse late = decide();
            if (isSuccess(late))
                ++m_state->counters.apiSuccesses;
            return late;
        };
    } else if (isSuccess(response)) {
        ++m_state->counters.apiSuccesses;
    }
    return response;
}

HttpResponse Sandbox::route(const HttpRequest &request)
{
    HttpResponse response;
    const QString &path = request.path;
    if (path == QLatin1String("/oauth/token"))
        response = m_tokenEndpoint->handle(request);
    else if (path == QLatin1String("/oauth/authorize"))
        response = m_authorize->handle(request);
    else if (path == QLatin1String("/oauth/device_authorization")
             || path == QLatin1String("/device"))
        response = m_device->handle(request);
    else if (path == QLatin1String("/oauth/revoke"))
        response = m_revocation->handle(request);
    else if (path == QLatin1String("/.well-known/openid-configuration")
             || path == QLatin1String("/.well-known/oauth-authorization-server"))
        response = answerDiscovery(request, *m_state);
    else if (path.startsWith(QLatin1String("/api/")))
        response = countingSuccesses(m_api->handle(request));
    else if (path.startsWith(QLatin1String("/admin/")))
        response = m_admin->handle(request);
    else
        response = HttpResponse::error(404, QStringLiteral("not_found"),
                                       QStringLiteral("No route %1").arg(path));

    // Counted here, once, so no route can forget: every 401/403 the main origin sends.
    if (response.delivery != HttpResponse::Delivery::Never
        && response.delivery != HttpResponse::Delivery::ResetConnection) {
        if (response.status == 401)
            ++m_state->counters.sent401;
        else if (response.status == 403)
            ++m_state->counters.sent403;
    }
    return response;
}

} // namespace Keyway
