#include "signinerror.h"

namespace Keyway::Cli {

namespace {

QString advice(const QString &oauthError, const Profile &profile)
{
    if (oauthError == QLatin1String("invalid_grant") && profile.grant == GrantType::Password)
        return QStringLiteral("check --username and the password (--password or KEYWAY_PASSWORD)");
    if (oauthError == QLatin1String("invalid_client")
        || oauthError == QLatin1String("unauthorized_client"))
        return QStringLiteral("check --client-id, the client secret (--client-secret or "
                              "KEYWAY_CLIENT_SECRET) and --client-auth");
    if (oauthError == QLatin1String("invalid_scope"))
        return QStringLiteral("check --scope");
    if (oauthError == QLatin1String("unsupported_grant_type"))
        return QStringLiteral("this server does not accept the --grant given");
    return {};
}

// The core's messages say the cause first, then what it will do next ("; the tokens are kept
// ..."), which is about background refreshes and does not apply to a one-shot sign-in.
QString cause(const TokenError &error)
{
    return error.message.section(QStringLiteral("; "), 0, 0);
}

} // namespace

bool isUnreachable(const TokenError &error)
{
    return error.kind == TokenError::Kind::Transient && error.httpStatus == 0;
}

QString signInErrorText(const TokenError &error, const Profile &profile)
{
    const QString endpoint =
        profile.tokenUrl.toDisplayString(QUrl::RemoveUserInfo | QUrl::RemoveQuery);
    if (error.tlsRefused) // the cause names the certificate and what to do about it
        return QStringLiteral("sign-in failed: %1").arg(cause(error));
    if (!error.oauthError.isEmpty()) {
        // A 4xx refusal is about the request and says which option to fix; a 5xx is the
        // server's own trouble.
        const bool refused = error.kind == TokenError::Kind::Terminal;
        QString text = (refused ? QStringLiteral("the token endpoint refused the sign-in: %1")
                                : QStringLiteral("sign-in failed: the token endpoint answered %1"))
                           .arg(error.oauthError);
        if (!error.oauthDescription.isEmpty())
            text += QStringLiteral(" (%1)").arg(error.oauthDescription);
        if (error.httpStatus)
            text += QStringLiteral(", HTTP %1").arg(error.httpStatus);
        const QString hint =
            refused ? advice(error.oauthError, profile) : QStringLiteral("try again later");
        if (!hint.isEmpty())
            text += QStringLiteral("; ") + hint;
        return text;
    }
    switch (error.kind) {
    case TokenError::Kind::Transient:
        if (error.httpStatus >= 200 && error.httpStatus < 300)
            return QStringLiteral("sign-in failed: %1 (HTTP %2 from %3)")
                .arg(cause(error))
                .arg(error.httpStatus)
                .arg(endpoint);
        if (error.httpStatus)
            return QStringLiteral("sign-in failed: the token endpoint %1 answered HTTP %2; try "
                                  "again later")
                .arg(endpoint)
                .arg(error.httpStatus);
        // The core's cause says why (refused, not found, a certificate and what to do about it).
        return QStringLiteral("sign-in failed: cannot reach the token endpoint %1: %2")
            .arg(endpoint, cause(error));
    case TokenError::Kind::OutcomeUnknown:
        return QStringLiteral("sign-in failed: %1 (%2)").arg(cause(error), endpoint);
    case TokenError::Kind::Terminal:
    case TokenError::Kind::NoCredentials:
    case TokenError::Kind::CircuitOpen:
    case TokenError::Kind::Cancelled: break;
    }
    return QStringLiteral("sign-in failed: ") + error.message;
}

QString refreshErrorText(const TokenError &error, const Profile &profile)
{
    if (error.kind == TokenError::Kind::Terminal && !error.tlsRefused) {
        QString text = QStringLiteral("the refresh was refused");
        if (!error.oauthError.isEmpty()) {
            text += QStringLiteral(": ") + error.oauthError;
            if (!error.oauthDescription.isEmpty())
                text += QStringLiteral(" (%1)").arg(error.oauthDescription);
        } else {
            text += QStringLiteral(": ") + cause(error);
        }
        const QString hint = advice(error.oauthError, profile);
        if (!hint.isEmpty() && error.oauthError != QLatin1String("invalid_grant"))
            return text + QStringLiteral("; ") + hint;
        return text
            + QStringLiteral("; the stored login is no longer valid: sign in again with "
                             "'keyway-cli login'");
    }
    if (error.kind == TokenError::Kind::NoCredentials)
        return QStringLiteral("cannot refresh: %1").arg(error.message);
    QString text = signInErrorText(error, profile);
    if (text.startsWith(QLatin1String("sign-in failed")))
        text.replace(0, 14, QStringLiteral("refresh failed"));
    return text;
}

} // namespace Keyway::Cli
