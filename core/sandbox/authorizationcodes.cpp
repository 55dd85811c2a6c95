#include "sandbox/authorizationcodes.h"

#include "sandbox/randomtoken.h"

namespace Keyway {

QString AuthorizationCodes::issue(const Request &request)
{
    const QString code = randomToken();
    m_codes.insert(code, Record {request, QDeadlineTimer(lifetimeSec * 1000), false, -1});
    return code;
}

AuthorizationCodes::Redemption AuthorizationCodes::redeem(const QString &code,
                                                          const QString &clientId)
{
    const auto record = m_codes.find(code);
    if (record == m_codes.end())
        return {Error::Unknown, {}, -1};
    // RFC 6749 4.1.3: the code must have been issued to the authenticated client. Another
    // client presenting it does not burn it for the rightful one.
    if (record->request.clientId != clientId)
        return {Error::WrongClient, {}, -1};
    if (record->used)
        return {Error::Reused, record->request, record->family};
    record->used = true;
    if (record->expiry.hasExpired())
        return {Error::Expired, record->request, -1};
    return {Error::None, record->request, -1};
}

void AuthorizationCodes::recordFamily(const QString &code, int family)
{
    const auto record = m_codes.find(code);
    if (record != m_codes.end())
        record->family = family;
}

} // namespace Keyway
