#include "auth/tokenresponseclassifier.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>

#include <limits>

namespace Keyway {

namespace {

TokenError transient(const TokenEndpointAnswer &answer, const QString &what)
{
    TokenError error;
    error.kind = TokenError::Kind::Transient;
    error.httpStatus = answer.httpStatus;
    error.message = what
        + QStringLiteral("; the tokens are kept and the refresh will be tried "
                         "again later");
    return error;
}

bool isTerminalOAuthError(const QString &code)
{
    // RFC 6749 §5.2: these say the grant or the client itself is refused; retrying cannot help.
    static const QStringList terminal {
        QStringLiteral("invalid_grant"),       QStringLiteral("invalid_client"),
        QStringLiteral("unauthorized_client"), QStringLiteral("unsupported_grant_type"),
        QStringLiteral("invalid_scope"),       QStringLiteral("invalid_request"),
        QStringLiteral("access_denied"),
    };
    return terminal.contains(code);
}

QString whatToDo(const QString &code)
{
    if (code == QLatin1String("invalid_client") || code == QLatin1String("unauthorized_client"))
        return QStringLiteral("check the client id and secret of this profile");
    if (code == QLatin1String("invalid_scope"))
        return QStringLiteral("check the scope requested by this profile");
    return QStringLiteral("sign in again");
}

} // namespace

qint64 parseRetryAfterMs(const QByteArray &value, qint64 nowMs)
{
    const QByteArray trimmed = value.trimmed();
    if (trimmed.isEmpty())
        return -1;
    bool ok = false;
    const qint64 seconds = trimmed.toLongLong(&ok);
    if (ok) {
        // A server's number times 1000 overflowed qint64 (found by fuzz_tokenresponse); a
        // delay beyond what fits is as good as "not said" for a retry.
        if (seconds < 0 || seconds > std::numeric_limits<qint64>::max() / 1000)
            return -1;
        return seconds * 1000;
    }
    const QDateTime date = QLocale::c().toDateTime(
        QString::fromLatin1(trimmed), QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"));
    if (!date.isValid())
        return -1;
    QDateTime utc = date;
    utc.setTimeSpec(Qt::UTC);
    return qMax<qint64>(0, utc.toMSecsSinceEpoch() - nowMs);
}

std::variant<TokenResponse, TokenError> classifyTokenAnswer(const TokenEndpointAnswer &answer,
                                                            qint64 nowMs, qint64 maxBytes)
{
    if (answer.oversize) {
        return transient(answer,
                         QStringLiteral("the token endpoint's answer was larger than %1 "
                                        "bytes and was refused")
                             .arg(maxBytes));
    }
    if (answer.networkError == QNetworkReply::SslHandshakeFailedError) {
        // The TLS layer refused the connection, so the request never reached the token endpoint
        // and nothing can have been issued; the same handshake fails the same way next time.
        TokenError error;
        error.kind = TokenError::Kind::Terminal;
        error.tlsRefused = true;
        error.message = answer.networkErrorString
            + QStringLiteral("; no refresh is tried again until the profile's TLS settings "
                             "change");
        return error;
    }
    if (answer.timedOut
        || (answer.httpStatus == 0 && answer.requestSent
            && answer.networkError != QNetworkReply::ConnectionRefusedError
            && answer.networkError != QNetworkReply::HostNotFoundError)) {
        TokenError error;
        error.kind = TokenError::Kind::OutcomeUnknown;
        error.message = answer.timedOut
            ? QStringLiteral("the token endpoint did not answer in time")
            : QStringLiteral("the connection to the token endpoint broke before it answered");
        error.message += QStringLiteral("; the server may have issued new tokens that never "
                                        "arrived. Keyway will check the store; if the next "
                                        "refresh is refused, sign in again");
        return error;
    }
    if (answer.httpStatus == 0) {
        const QString why = answer.networkError == QNetworkReply::ConnectionRefusedError
            ? QStringLiteral("nothing is listening there")
            : answer.networkErrorString;
        return transient(answer,
                         QStringLiteral("the token endpoint %1 could not be reached (%2)")
                             .arg(answer.endpoint, why));
    }

    // An RFC 6749 §5.2 error body, when there is one. It is the server's answer whatever the
    // status: GitHub's OAuth server, for one, says 200 with {"error":"invalid_grant"}, and its
    // device flow polls with 200 {"error":"authorization_pending"}.
    const QJsonObject json = QJsonDocument::fromJson(answer.body).object();
    const QJsonValue errorMember = json.value(QStringLiteral("error"));
    const QString code = errorMember.toString();
    const QString description = json.value(QStringLiteral("error_description")).toString();
    const bool success = answer.httpStatus >= 200 && answer.httpStatus < 300;

    if (success && errorMember.isUndefined()) {
        QString parseError;
        if (auto response = TokenResponse::parse(answer.body, &parseError))
            return *response;
        return transient(answer, parseError);
    }

    TokenError error;
    error.httpStatus = answer.httpStatus;
    error.oauthError = code;
    error.oauthDescription = description;
    QString serverSaid = code.isEmpty()
        ? QStringLiteral("HTTP %1").arg(answer.httpStatus)
        : (description.isEmpty() ? code : QStringLiteral("%1: %2").arg(code, description));
    if (success && code.isEmpty())
        serverSaid +=
            QStringLiteral(" with an \"error\" member that is not an RFC 6749 error code");

    const bool refusal = success
        || (answer.httpStatus >= 400 && answer.httpStatus < 500 && answer.httpStatus != 408
            && answer.httpStatus != 429);
    if (refusal && isTerminalOAuthError(code)) {
        error.kind = TokenError::Kind::Terminal;
        error.message =
            QStringLiteral("the token endpoint refused (%1); %2").arg(serverSaid, whatToDo(code));
        return error;
    }
    error.kind = TokenError::Kind::Transient;
    error.retryAfterMs = parseRetryAfterMs(answer.retryAfter, nowMs);
    error.message = QStringLiteral("the token endpoint failed (%1); the tokens are kept and the "
                                   "refresh will be tried again later")
                        .arg(serverSaid);
    return error;
}

} // namespace Keyway
