#include "sandbox/clientauth.h"

#include "sandbox/formencoding.h"

namespace Keyway {

ClientAuth ClientAuth::fromRequest(const HttpRequest &request, const QHash<QString, QString> &form)
{
    ClientAuth auth;
    const QByteArray authorization = request.header("authorization").trimmed();
    const bool hasBodySecret = form.contains(QStringLiteral("client_secret"));

    if (!authorization.isEmpty()) {
        const qsizetype space = authorization.indexOf(' ');
        const QByteArrayView scheme = QByteArrayView(authorization).first(space < 0 ? 0 : space);
        if (scheme.compare("basic", Qt::CaseInsensitive) != 0) {
            auth.method = ClientAuth::Method::Basic;
            auth.problem = ClientAuth::Problem::Malformed;
            return auth;
        }
        auth.method = ClientAuth::Method::Basic;
        const auto decoded = QByteArray::fromBase64Encoding(
            authorization.mid(space + 1).trimmed(), QByteArray::AbortOnBase64DecodingErrors);
        const qsizetype colon = decoded ? decoded.decoded.indexOf(':') : -1;
        if (colon < 0) {
            auth.problem = ClientAuth::Problem::Malformed;
            return auth;
        }
        // RFC 6749 2.3.1: id and secret are form-urlencoded before they are joined with ':'.
        auth.clientId = formDecode(QByteArrayView(decoded.decoded).first(colon));
        auth.clientSecret = formDecode(QByteArrayView(decoded.decoded).sliced(colon + 1));
        // RFC 6749 2.3: "The client MUST NOT use more than one authentication method in each
        // request." A client_id in the body alone is not a second method, unless it disagrees.
        const QString bodyId = form.value(QStringLiteral("client_id"), auth.clientId);
        if (hasBodySecret || bodyId != auth.clientId)
            auth.problem = ClientAuth::Problem::BothMethods;
        return auth;
    }

    if (form.contains(QStringLiteral("client_id"))) {
        auth.method = ClientAuth::Method::Body;
        auth.clientId = form.value(QStringLiteral("client_id"));
        auth.clientSecret = form.value(QStringLiteral("client_secret"));
    }
    return auth;
}

} // namespace Keyway
