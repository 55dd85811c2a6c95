#include "sandbox/deviceroutes.h"

#include "sandbox/clients.h"
#include "sandbox/formencoding.h"
#include "sandbox/htmlpages.h"
#include "sandbox/sandboxstate.h"
#include "sandbox/scopes.h"
#include "sandbox/tokenresponse.h"

#include <QJsonObject>
#include <QUrlQuery>

namespace Keyway {

namespace {

HttpResponse methodNotAllowed(const QByteArray &allowed)
{
    return HttpResponse::error(405, QStringLiteral("method_not_allowed"),
                               QStringLiteral("Allowed: %1").arg(QString::fromLatin1(allowed)))
        .addHeader(QByteArrayLiteral("Allow"), allowed);
}

} // namespace

DeviceRoutes::DeviceRoutes(SandboxState &state) : m_state(state) { }

HttpResponse DeviceRoutes::handle(const HttpRequest &request)
{
    if (request.path == QLatin1String("/oauth/device_authorization")) {
        if (request.method != "POST")
            return methodNotAllowed(QByteArrayLiteral("POST"));
        return deviceAuthorization(request);
    }
    if (request.method == "GET" || request.method == "HEAD")
        return verificationPage(request);
    if (request.method == "POST")
        return decision(request);
    return methodNotAllowed(QByteArrayLiteral("GET, POST"));
}

HttpResponse DeviceRoutes::deviceAuthorization(const HttpRequest &request)
{
    const ClientRequest read = readClientRequest(request, m_state.config);
    if (read.rejection)
        return *read.rejection;
    const auto *form = &read.form;
    const ClientCheck &client = read.client;
    const QString requested = form->value(QStringLiteral("scope")).simplified();
    if (!TokenRegistry::isSubsetScope(requested, supportedScopes()))
        return invalidScope(QStringLiteral("Unknown scope requested"));

    const int expiresIn = m_state.config.deviceExpiresInSec;
    const int interval = m_state.config.deviceIntervalSec;
    const DeviceCodes::Started started = m_state.devices.start(
        client.clientId, requested.isEmpty() ? defaultScope() : requested, expiresIn, interval);

    QUrl verification = m_state.baseUrl();
    verification.setPath(QStringLiteral("/device"));
    QUrl complete = verification;
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("user_code"), started.userCode);
    complete.setQuery(query);
    HttpResponse response = HttpResponse::json(
        200,
        QJsonObject {{QStringLiteral("device_code"), started.deviceCode},
                     {QStringLiteral("user_code"), started.userCode},
                     {QStringLiteral("verification_uri"), verification.toString()},
                     {QStringLiteral("verification_uri_complete"), complete.toString()},
                     {QStringLiteral("expires_in"), expiresIn},
                     {QStringLiteral("interval"), interval}});
    response.addHeader(QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-store"));
    return response;
}

HttpResponse DeviceRoutes::verificationPage(const HttpRequest &request) const
{
    const QString userCode =
        request.query.queryItemValue(QStringLiteral("user_code"), QUrl::FullyDecoded);
    if (userCode.isEmpty())
        return deviceVerificationPage(200, QString(),
                                      QStringLiteral("Enter the code your device shows."));
    if (!m_state.devices.isPending(userCode))
        return deviceVerificationPage(
            404, userCode,
            QStringLiteral("No device is waiting for that code; it may have expired."));
    return deviceVerificationPage(
        200, userCode, QStringLiteral("Check that your device shows this code, then decide."));
}

HttpResponse DeviceRoutes::decision(const HttpRequest &request)
{
    const auto form = isFormBody(request) ? parseUniqueForm(request.body) : std::nullopt;
    if (!form)
        return deviceResultPage(400, QStringLiteral("The form could not be read."));
    const QString userCode = form->value(QStringLiteral("user_code"));
    const QString choice = form->value(QStringLiteral("decision"));
    if (choice != QLatin1String("approve") && choice != QLatin1String("deny"))
        return deviceVerificationPage(400, userCode, QStringLiteral("Choose Approve or Deny."));
    const bool approve = choice == QLatin1String("approve");
    if (!m_state.devices.decide(
            userCode, approve ? DeviceCodes::Decision::Approve : DeviceCodes::Decision::Deny))
        return deviceVerificationPage(
            404, userCode,
            QStringLiteral("No device is waiting for that code; it may have expired."));
    return deviceResultPage(200,
                            approve ? QStringLiteral("Device connected. You can return to "
                                                     "your device now.")
                                    : QStringLiteral("Access denied. The device will not "
                                                     "be signed in."));
}

} // namespace Keyway
