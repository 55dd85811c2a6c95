#include "sandbox/sandboxcounters.h"

namespace Keyway {

QJsonObject SandboxCounters::toJson() const
{
    // Keys are the field names on purpose: scripts and tests read them without a mapping table.
    return QJsonObject {
        {QStringLiteral("tokenRequests"), tokenRequests},
        {QStringLiteral("passwordGrants"), passwordGrants},
        {QStringLiteral("clientCredentialsGrants"), clientCredentialsGrants},
        {QStringLiteral("refreshGrants"), refreshGrants},
        {QStringLiteral("refreshes"), refreshes},
        {QStringLiteral("reuseDetections"), reuseDetections},
        {QStringLiteral("apiHits"), apiHits},
        {QStringLiteral("apiSuccesses"), apiSuccesses},
        {QStringLiteral("sent401"), sent401},
        {QStringLiteral("sent403"), sent403},
        {QStringLiteral("otherOriginHits"), otherOriginHits},
        {QStringLiteral("otherOriginAuthHeaders"), otherOriginAuthHeaders},
        {QStringLiteral("authorizationRequests"), authorizationRequests},
        {QStringLiteral("codeGrants"), codeGrants},
        {QStringLiteral("devicePolls"), devicePolls},
        {QStringLiteral("deviceGrants"), deviceGrants},
        {QStringLiteral("slowDowns"), slowDowns},
        {QStringLiteral("revocations"), revocations},
        {QStringLiteral("tlsHandshakes"), tlsHandshakes},
    };
}

} // namespace Keyway
