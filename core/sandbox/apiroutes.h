#pragma once

#include "sandbox/httpexchange.h"
#include "sandbox/tokenregistry.h"

#include <QUrl>

#include <functional>
#include <optional>

namespace Keyway {

struct SandboxState;

// The Bearer-protected /api/* routes of the main origin (RFC 6750).
class ApiRoutes final
{
public:
    // Base URLs are looked up per request: the ports are only known once the listeners bound.
    using UrlSource = std::function<QUrl()>;

    ApiRoutes(SandboxState &state, UrlSource sameOrigin, UrlSource otherOrigin);
    Q_DISABLE_COPY_MOVE(ApiRoutes)

    HttpResponse handle(const HttpRequest &request);

private:
    // The token's scope, or the 401/403 answer for a request that may not pass.
    HttpResponse slowWithLateCheck(const HttpRequest &request);
    std::optional<HttpResponse> rejectUnauthorized(const HttpRequest &request,
                                                   QString *scope) const;
    HttpResponse invalidToken(const QString &description) const;
    HttpResponse items(const HttpRequest &request) const;
    HttpResponse echo(const HttpRequest &request) const;
    HttpResponse upload(const HttpRequest &request) const;
    HttpResponse slow(const HttpRequest &request) const;
    HttpResponse scoped(const HttpRequest &request, const QString &scope) const;
    HttpResponse redirect(const HttpRequest &request) const;
    // Hostile answers, generated as they are sent (none is held in memory): a body of any size,
    // headers that never end, a chunked body that never ends, fast or one byte at a time.
    HttpResponse huge(const HttpRequest &request) const;
    HttpResponse endlessHeader(const HttpRequest &request) const;
    HttpResponse endlessBody(const HttpRequest &request, bool trickle) const;

    SandboxState &m_state;
    UrlSource m_sameOrigin;
    UrlSource m_otherOrigin;
};

} // namespace Keyway
