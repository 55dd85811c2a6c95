#include "sandbox/devicegrant.h"

#include "sandbox/clients.h"
#include "sandbox/sandboxstate.h"
#include "sandbox/tokenresponse.h"

namespace Keyway {

namespace {

HttpResponse pollError(const char *error, const QString &description)
{
    // RFC 8628 3.5: these are token endpoint errors (RFC 6749 5.2), so 400.
    return HttpResponse::error(400, QString::fromLatin1(error), description);
}

} // namespace

HttpResponse deviceCodeGrant(SandboxState &state, const ClientCheck &client,
                             const QHash<QString, QString> &form)
{
    const QString deviceCode = form.value(QStringLiteral("device_code"));
    if (deviceCode.isEmpty())
        return invalidRequest(QStringLiteral("device_code is required"));

    const DeviceCodes::Poll poll = state.devices.poll(deviceCode, client.clientId);
    switch (poll.result) {
    case DeviceCodes::PollResult::Unknown:
        return invalidGrant(QStringLiteral("Unknown device_code"));
    case DeviceCodes::PollResult::WrongClient:
        return invalidGrant(QStringLiteral("The device_code was issued to another client"));
    case DeviceCodes::PollResult::AlreadyUsed:
        return invalidGrant(QStringLiteral("The device_code was already exchanged for tokens"));
    case DeviceCodes::PollResult::Pending:
        return pollError("authorization_pending",
                         QStringLiteral("The user has not approved the device yet"));
    case DeviceCodes::PollResult::SlowDown:
        ++state.counters.slowDowns;
        return pollError("slow_down",
                         QStringLiteral("Polling too fast; wait 5 seconds longer between polls"));
    case DeviceCodes::PollResult::Denied:
        return pollError("access_denied", QStringLiteral("The user denied the device"));
    case DeviceCodes::PollResult::Expired:
        return pollError("expired_token", QStringLiteral("The device_code expired"));
    case DeviceCodes::PollResult::Approved: break;
    }

    ++state.counters.deviceGrants;
    TokenRegistry::Login login;
    login.clientId = client.clientId;
    login.subject = state.config.username;
    login.scope = poll.scope;
    login.audience = form.value(QStringLiteral("audience"));
    return tokenResponse(
        state, state.tokens.startFamily(login, state.config.accessTokenLifetimeSec, true));
}

} // namespace Keyway
