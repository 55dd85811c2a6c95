#include "tokenstatetext.h"

#include "http/endpoint.h"

#include <QCoreApplication>

namespace Keyway {

TokenStateText::TokenStateText(const TokenManager &tokens)
    : state(tokens.state()),
      tlsRefused(state == TokenManager::State::ReauthRequired && tokens.lastError().tlsRefused),
      name(tlsRefused ? QCoreApplication::translate("TokenStateText", "TLS refused")
                      : TokenManager::stateName(state))
{
    if (!tlsRefused)
        return;
    // The manager talks TLS only to the token endpoint; its message carries the reason with
    // keyway-cli's options, so the advice here names the window's own remedies instead.
    advice = QCoreApplication::translate(
                 "TokenStateText",
                 "The TLS connection to the token endpoint %1 was refused, so signing in again "
                 "cannot help. Trust the server's CA on the profile's TLS page, or allow "
                 "insecure TLS for this profile.")
                 .arg(endpointOf(tokens.profile().tokenUrl));
    oneLineAdvice = QCoreApplication::translate("TokenStateText",
                                                "the TLS certificate of %1 was refused; trust "
                                                "its CA on the profile's TLS page")
                        .arg(endpointOf(tokens.profile().tokenUrl));
    detail = tokens.lastError().message;
}

QString failureReason(const TokenManager &tokens, const TokenError &error, bool oneLine)
{
    const TokenStateText shown(tokens);
    if (!error.tlsRefused || !shown.tlsRefused)
        return error.message;
    return oneLine ? shown.oneLineAdvice : shown.advice;
}

} // namespace Keyway
