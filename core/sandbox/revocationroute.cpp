#include "sandbox/revocationroute.h"

#include "sandbox/clients.h"
#include "sandbox/formencoding.h"
#include "sandbox/sandboxstate.h"
#include "sandbox/tokenresponse.h"

namespace Keyway {

RevocationRoute::RevocationRoute(SandboxState &state) : m_state(state) { }

HttpResponse RevocationRoute::handle(const HttpRequest &request)
{
    if (request.method != "POST")
        return HttpResponse::error(405, QStringLiteral("invalid_request"),
                                   QStringLiteral("The revocation endpoint only accepts POST"))
            .addHeader(QByteArrayLiteral("Allow"), QByteArrayLiteral("POST"));
    if (auto injected = fault())
        return *injected;
    const ClientRequest read = readClientRequest(request, m_state.config);
    if (read.rejection)
        return *read.rejection;
    const auto *form = &read.form;
    const ClientCheck &client = read.client;
    const QString token = form->value(QStringLiteral("token"));
    if (token.isEmpty())
        return invalidRequest(QStringLiteral("token is required"));

    const auto revocation = m_state.tokens.revoke(
        token, form->value(QStringLiteral("token_type_hint")), client.clientId);
    if (revocation == TokenRegistry::Revocation::Revoked)
        ++m_state.counters.revocations;
    // RFC 7009 2.2: 200 also for a token that is unknown or already invalid, since the client
    // could not act on the difference. Another client's token is left alone, and answered the
    // same way so its existence does not leak.
    return HttpResponse::raw(200, QByteArrayLiteral("text/plain; charset=utf-8"), QByteArray())
        .addHeader(QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-store"));
}

std::optional<HttpResponse> RevocationRoute::fault()
{
    const int status = m_state.revocationFaultStatus;
    if (status == 0)
        return std::nullopt;
    if (m_state.revocationFaultUses > 0 && --m_state.revocationFaultUses == 0)
        m_state.revocationFaultStatus = 0; // a fault for the next N requests only
    const bool unavailable = status == 503 || status == 429;
    HttpResponse response = HttpResponse::error(
        status,
        unavailable ? QStringLiteral("temporarily_unavailable") : QStringLiteral("server_error"),
        QStringLiteral("Injected fault: the revocation endpoint is failing"));
    if (unavailable)
        response.addHeader(QByteArrayLiteral("Retry-After"), QByteArrayLiteral("1"));
    return response;
}

} // namespace Keyway
