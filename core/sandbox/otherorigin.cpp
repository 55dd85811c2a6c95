#include "sandbox/otherorigin.h"

#include "sandbox/sandboxcounters.h"

#include <QJsonObject>

namespace Keyway {

HttpResponse answerOtherOrigin(const HttpRequest &request, SandboxCounters &counters)
{
    ++counters.otherOriginHits;
    const bool authorization = request.hasHeader("authorization");
    if (authorization)
        ++counters.otherOriginAuthHeaders;
    return HttpResponse::json(200,
                              QJsonObject {{QStringLiteral("origin"), QStringLiteral("other")},
                                           {QStringLiteral("authorization"), authorization},
                                           {QStringLiteral("path"), request.path}});
}

} // namespace Keyway
