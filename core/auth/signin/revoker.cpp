#include "auth/signin/revoker.h"

#include "auth/clock.h"
#include "auth/signin/authserverrequest.h"
#include "auth/signin/signinevents.h"
#include "auth/tokenresponseclassifier.h"
#include "log/fingerprint.h"

namespace Keyway {

namespace {

constexpr qint64 BackoffBaseMs = 1000;
constexpr qint64 BackoffMaxMs = 60000;

} // namespace

struct Revoker::Pending
{
    Profile profile;
    QString token; // in memory only, and only until the server has it
    TokenKind kind;
    int attempt = 0;
    std::unique_ptr<QObject> retryTimer;
};

Revoker::Revoker(EventLog *events, Clock *clock, QObject *parent)
    : QObject(parent), m_events(events), m_clock(clock)
{
}

Revoker::~Revoker() = default;

qint64 Revoker::retryDelayMs(const AuthServerRequest &request, int attempt, qint64 nowMs)
{
    using Status = AuthServerRequest::Status;
    switch (request.status()) {
    case Status::Ok: return -1;
    case Status::Unreachable:
    case Status::NoAnswer:
    case Status::TimedOut:
    case Status::BadAnswer: break;
    case Status::HttpError: {
        // RFC 7009 §2.2.1: 503 means "the token still exists, try again later". 429 and other
        // 5xx are the same kind of "not now"; a 4xx refuses the request itself.
        const int status = request.httpStatus();
        if (status != 429 && status < 500)
            return -1;
        break;
    }
    }
    const qint64 backoff = qMin(BackoffMaxMs, BackoffBaseMs << qMin(attempt - 1, 10));
    const qint64 retryAfter = parseRetryAfterMs(request.header("Retry-After"), nowMs);
    return retryAfter >= 0 ? qMin(qMax(retryAfter, BackoffBaseMs), BackoffMaxMs * 10) : backoff;
}

void Revoker::revoke(const Profile &profile, const QString &token, TokenKind kind)
{
    auto pending = std::make_unique<Pending>();
    pending->profile = profile;
    pending->token = token;
    pending->kind = kind;
    Pending *raw = pending.get();
    m_pending.push_back(std::move(pending));
    send(raw);
}

void Revoker::send(Pending *pending)
{
    ++pending->attempt;
    QUrlQuery form;
    form.addQueryItem(QStringLiteral("token"), pending->token);
    form.addQueryItem(QStringLiteral("token_type_hint"),
                      pending->kind == TokenKind::RefreshToken ? QStringLiteral("refresh_token")
                                                               : QStringLiteral("access_token"));
    HttpHeaders headers;
    // RFC 7009 §2.1: the client authenticates as it does at the token endpoint.
    addClientAuthentication(pending->profile, &headers, &form);
    AuthServerRequest *request =
        AuthServerRequest::postForm(pending->profile.revocationUrl, headers, form, m_clock,
                                    pending->profile.refreshTimeoutMs, this);
    request->setTls(pending->profile.tls);
    connect(request, &AuthServerRequest::finished, this, [this, pending, request] {
        request->deleteLater();
        onAnswer(pending, request);
    });
    request->start();
}

void Revoker::onAnswer(Pending *pending, AuthServerRequest *request)
{
    const QString tokenName = pending->kind == TokenKind::RefreshToken
        ? QStringLiteral("refresh token")
        : QStringLiteral("access token");
    if (request->ok()) {
        postSignInStep(m_events, pending->profile.name, SignInStep::Revoked,
                       QStringLiteral("the authorization server revoked the %1").arg(tokenName),
                       {{QStringLiteral("token"), fingerprint(pending->token)},
                        {QStringLiteral("attempt"), pending->attempt}});
        complete(pending,
                 SignInResult::success(QStringLiteral("the %1 was revoked").arg(tokenName)));
        return;
    }
    const qint64 delay = retryDelayMs(*request, pending->attempt, m_clock->nowMs());
    if (delay < 0 || pending->attempt >= MaxAttempts) {
        const QString why = delay < 0
            ? request->message()
            : QStringLiteral("%1, after %2 attempts").arg(request->message()).arg(pending->attempt);
        SignInResult result = request->oauthError().isEmpty()
            ? SignInResult::failure(SignInResult::Status::Failed,
                                    QStringLiteral("the %1 could not be revoked: %2; it stays "
                                                   "valid at the server until it expires")
                                        .arg(tokenName, why))
            : SignInResult::refused(
                QStringLiteral("the revocation of the %1 was refused").arg(tokenName),
                request->oauthError(), request->oauthErrorDescription(), request->httpStatus());
        postSignInStep(m_events, pending->profile.name, SignInStep::RevocationGaveUp,
                       result.message,
                       {{QStringLiteral("token"), fingerprint(pending->token)},
                        {QStringLiteral("attempt"), pending->attempt}});
        complete(pending, result);
        return;
    }
    QJsonObject details {{QStringLiteral("token"), fingerprint(pending->token)},
                         {QStringLiteral("attempt"), pending->attempt},
                         {QStringLiteral("delay_ms"), delay}};
    if (request->httpStatus())
        details.insert(QStringLiteral("status"), request->httpStatus());
    const QByteArray retryAfter = request->header("Retry-After");
    if (!retryAfter.isEmpty())
        details.insert(QStringLiteral("retry_after"), QString::fromLatin1(retryAfter));
    postSignInStep(m_events, pending->profile.name, SignInStep::RevocationRetry,
                   QStringLiteral("revoking the %1 failed (%2); trying again in %3 ms")
                       .arg(tokenName, request->message())
                       .arg(delay),
                   details);
    pending->retryTimer = m_clock->schedule(delay, this, [this, pending] {
        pending->retryTimer.release()->deleteLater(); // not destroyed from inside its callback
        send(pending);
    });
}

void Revoker::complete(Pending *pending, const SignInResult &result)
{
    const QString profile = pending->profile.name;
    m_pending.remove_if([pending](const auto &p) { return p.get() == pending; });
    Q_EMIT finished(profile, result);
    if (m_pending.empty())
        Q_EMIT idle();
}

} // namespace Keyway
