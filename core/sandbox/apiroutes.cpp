#include "sandbox/apiroutes.h"

#include "sandbox/sandboxstate.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonObject>

namespace Keyway {

namespace {

// Long enough for any timeout test, short enough that a typo cannot wedge a connection.
constexpr int maxSlowMs = 120000;

HttpResponse methodNotAllowed(const QByteArray &allowed)
{
    return HttpResponse::error(405, QStringLiteral("method_not_allowed"),
                               QStringLiteral("Allowed: %1").arg(QString::fromLatin1(allowed)))
        .addHeader(QByteArrayLiteral("Allow"), allowed);
}

// 2 GiB by default: past what 32-bit sizes and the usual in-memory caps take.
constexpr qint64 defaultHugeBytes = qint64(2) << 30;
constexpr qint64 maxHugeBytes = qint64(1) << 40;
constexpr int defaultTrickleMs = 300;
constexpr qsizetype pieceBytes = 64 * 1024;

// One piece of filler, shared by every streamed answer (QByteArray is implicitly shared).
const QByteArray &filler()
{
    static const QByteArray bytes = [] {
        QByteArray b(pieceBytes, Qt::Uninitialized);
        for (qsizetype i = 0; i < b.size(); ++i)
            b[i] = char('a' + i % 26);
        return b;
    }();
    return bytes;
}

HttpResponse invalidQuery(const QString &description)
{
    return HttpResponse::error(400, QStringLiteral("invalid_request"), description);
}

QJsonObject bodyDigest(const QByteArray &body)
{
    return QJsonObject {
        {QStringLiteral("length"), double(body.size())},
        {QStringLiteral("sha256"),
         QString::fromLatin1(QCryptographicHash::hash(body, QCryptographicHash::Sha256).toHex())}};
}

} // namespace

ApiRoutes::ApiRoutes(SandboxState &state, UrlSource sameOrigin, UrlSource otherOrigin)
    : m_state(state), m_sameOrigin(std::move(sameOrigin)), m_otherOrigin(std::move(otherOrigin))
{
}

HttpResponse ApiRoutes::handle(const HttpRequest &request)
{
    ++m_state.counters.apiHits;
    m_state.lastApiHeaders = request.headers;

    const QString &path = request.path;
    if (path == QLatin1String("/api/slow")
        && request.query.queryItemValue(QStringLiteral("check")) == QLatin1String("late")) {
        return slowWithLateCheck(request);
    }

    QString scope;
    if (auto rejection = rejectUnauthorized(request, &scope))
        return *rejection;

    if (path == QLatin1String("/api/items"))
        return items(request);
    if (path == QLatin1String("/api/echo"))
        return echo(request);
    if (path == QLatin1String("/api/upload"))
        return upload(request);
    if (path == QLatin1String("/api/slow"))
        return slow(request);
    if (path == QLatin1String("/api/scoped"))
        return scoped(request, scope);
    if (path == QLatin1String("/api/redirect"))
        return redirect(request);
    if (path == QLatin1String("/api/huge"))
        return huge(request);
    if (path == QLatin1String("/api/endless-header"))
        return endlessHeader(request);
    if (path == QLatin1String("/api/endless"))
        return endlessBody(request, false);
    if (path == QLatin1String("/api/trickle"))
        return endlessBody(request, true);
    return HttpResponse::error(404, QStringLiteral("not_found"),
                               QStringLiteral("No API route %1").arg(path));
}

std::optional<HttpResponse> ApiRoutes::rejectUnauthorized(const HttpRequest &request,
                                                          QString *scope) const
{
    if (m_state.apiFault == ApiFault::UnauthorizedForever) {
        HttpResponse response =
            invalidToken(QStringLiteral("Injected fault: every access token is rejected"));
        response.status = 401;
        return response;
    }

    const QByteArray authorization = request.header("authorization").trimmed();
    const qsizetype space = authorization.indexOf(' ');
    const bool bearer = space > 0
        && QByteArrayView(authorization).first(space).compare("bearer", Qt::CaseInsensitive) == 0;
    if (!bearer) {
        // RFC 6750 3.1: a request without credentials gets a challenge but no error code.
        return HttpResponse::error(401, QStringLiteral("unauthorized"),
                                   QStringLiteral("A Bearer access token is required"))
            .addHeader(QByteArrayLiteral("WWW-Authenticate"),
                       QByteArrayLiteral("Bearer realm=\"keyway-sandbox\""));
    }

    const QString token = QString::fromLatin1(authorization.mid(space + 1).trimmed());
    const auto check = m_state.tokens.checkAccess(token);
    switch (check.state) {
    case TokenRegistry::AccessState::Valid: *scope = check.scope; return std::nullopt;
    case TokenRegistry::AccessState::Unknown:
        return invalidToken(QStringLiteral("The access token is unknown"));
    case TokenRegistry::AccessState::Expired:
        return invalidToken(QStringLiteral("The access token expired"));
    case TokenRegistry::AccessState::Revoked:
        return invalidToken(QStringLiteral("The access token was revoked"));
    }
    return invalidToken(QStringLiteral("The access token is not valid"));
}

HttpResponse ApiRoutes::invalidToken(const QString &description) const
{
    // Some real APIs answer a dead token with 403 instead of RFC 6750's 401; the status is
    // configurable so clients can be tested against both.
    const int status = m_state.config.expiredStatus == 403 ? 403 : 401;
    return HttpResponse::error(status, QStringLiteral("invalid_token"), description)
        .addHeader(QByteArrayLiteral("WWW-Authenticate"),
                   QByteArrayLiteral("Bearer realm=\"keyway-sandbox\", "
                                     "error=\"invalid_token\", error_description=\"")
                       + description.toUtf8() + '"');
}

HttpResponse ApiRoutes::items(const HttpRequest &request) const
{
    if (request.method != "GET" && request.method != "HEAD")
        return methodNotAllowed(QByteArrayLiteral("GET"));
    const auto item = [](int id, const char *name) {
        return QJsonObject {{QStringLiteral("id"), id},
                            {QStringLiteral("name"), QString::fromLatin1(name)}};
    };
    return HttpResponse::json(
        200,
        QJsonObject {{QStringLiteral("items"),
                      QJsonArray {item(1, "alpha"), item(2, "bravo"), item(3, "charlie")}}});
}

HttpResponse ApiRoutes::echo(const HttpRequest &request) const
{
    // ?raw: the body sent back as it came, for clients that stream what they download.
    if (request.query.hasQueryItem(QStringLiteral("raw"))) {
        const QByteArray type = request.header("content-type");
        return HttpResponse::raw(
            200, type.isEmpty() ? QByteArrayLiteral("application/octet-stream") : type,
            request.body);
    }
    QJsonObject headers;
    for (const auto &[name, value] : lowercaseHeaderCopy(request.headers)) {
        if (name == "authorization")
            continue;
        headers.insert(QString::fromLatin1(name), QString::fromUtf8(request.header(name)));
    }
    QJsonObject body = bodyDigest(request.body);
    body.insert(QStringLiteral("method"), QString::fromLatin1(request.method));
    body.insert(QStringLiteral("contentType"), QString::fromUtf8(request.header("content-type")));
    body.insert(QStringLiteral("headers"), headers);
    return HttpResponse::json(200, body);
}

HttpResponse ApiRoutes::upload(const HttpRequest &request) const
{
    if (request.method != "POST" && request.method != "PUT")
        return methodNotAllowed(QByteArrayLiteral("POST, PUT"));
    return HttpResponse::json(200, bodyDigest(request.body));
}

HttpResponse ApiRoutes::slow(const HttpRequest &request) const
{
    if (request.method != "GET")
        return methodNotAllowed(QByteArrayLiteral("GET"));
    bool ok = true;
    const QString ms = request.query.queryItemValue(QStringLiteral("ms"));
    const int delay = ms.isEmpty() ? 1000 : ms.toInt(&ok);
    if (!ok || delay < 0 || delay > maxSlowMs)
        return HttpResponse::error(
            400, QStringLiteral("invalid_request"),
            QStringLiteral("ms must be an integer between 0 and %1").arg(maxSlowMs));
    HttpResponse response = HttpResponse::json(200, QJsonObject {{QStringLiteral("slept"), delay}});
    response.delivery = HttpResponse::Delivery::Delayed;
    response.delayMs = delay;
    return response;
}

HttpResponse ApiRoutes::slowWithLateCheck(const HttpRequest &request)
{
    HttpResponse response = slow(request);
    if (response.delivery != HttpResponse::Delivery::Delayed)
        return response;
    // The token is judged when the answer is due, so a token that expires meanwhile is answered
    // as expired: how a late 401 for an older token generation reaches a client.
    response.decideLater = [this, request, onTime = response] {
        QString scope;
        if (auto rejection = rejectUnauthorized(request, &scope))
            return *rejection;
        HttpResponse answer = onTime;
        answer.delivery = HttpResponse::Delivery::Now;
        return answer;
    };
    return response;
}

HttpResponse ApiRoutes::scoped(const HttpRequest &request, const QString &scope) const
{
    if (request.method != "GET")
        return methodNotAllowed(QByteArrayLiteral("GET"));
    if (!TokenRegistry::isSubsetScope(QStringLiteral("admin"), scope)) {
        // RFC 6750 3.1: a valid token that lacks scope is a 403 naming the scope needed.
        return HttpResponse::error(403, QStringLiteral("insufficient_scope"),
                                   QStringLiteral("This route needs the admin scope"))
            .addHeader(QByteArrayLiteral("WWW-Authenticate"),
                       QByteArrayLiteral("Bearer error=\"insufficient_scope\", "
                                         "scope=\"admin\""));
    }
    return HttpResponse::json(
        200, QJsonObject {{QStringLiteral("scoped"), true}, {QStringLiteral("scope"), scope}});
}

HttpResponse ApiRoutes::redirect(const HttpRequest &request) const
{
    const QString to = request.query.queryItemValue(QStringLiteral("to"), QUrl::FullyDecoded);
    const QString target = to.isEmpty() ? QStringLiteral("/api/items") : to;
    // Only paths: "//host" would be a network-path reference to anywhere.
    if (!target.startsWith(QLatin1Char('/')) || target.startsWith(QLatin1String("//")))
        return HttpResponse::error(400, QStringLiteral("invalid_request"),
                                   QStringLiteral("to must be an absolute path"));
    const QString origin = request.query.queryItemValue(QStringLiteral("origin"));
    if (!origin.isEmpty() && origin != QLatin1String("other") && origin != QLatin1String("same"))
        return HttpResponse::error(400, QStringLiteral("invalid_request"),
                                   QStringLiteral("origin must be other or same"));

    const QUrl base = origin == QLatin1String("same") ? m_sameOrigin() : m_otherOrigin();
    const QUrl location = base.resolved(QUrl(target));
    return HttpResponse::json(302, QJsonObject {{QStringLiteral("location"), location.toString()}})
        .addHeader(QByteArrayLiteral("Location"), location.toEncoded());
}

HttpResponse ApiRoutes::huge(const HttpRequest &request) const
{
    if (request.method != "GET")
        return methodNotAllowed(QByteArrayLiteral("GET"));
    bool ok = true;
    const QString bytes = request.query.queryItemValue(QStringLiteral("bytes"));
    const qint64 size = bytes.isEmpty() ? defaultHugeBytes : bytes.toLongLong(&ok);
    if (!ok || size < 0 || size > maxHugeBytes)
        return invalidQuery(
            QStringLiteral("bytes must be an integer between 0 and %1").arg(maxHugeBytes));
    const QByteArray head = QByteArrayLiteral("HTTP/1.1 200 OK\r\n"
                                              "Content-Type: application/octet-stream\r\n"
                                              "Content-Length: ")
        + QByteArray::number(size) + QByteArrayLiteral("\r\n\r\n");
    return HttpResponse::streamed(
        head,
        [left = size]() mutable {
            const QByteArray piece = left >= pieceBytes ? filler() : filler().left(left);
            left -= piece.size();
            return piece;
        },
        0);
}

HttpResponse ApiRoutes::endlessHeader(const HttpRequest &request) const
{
    if (request.method != "GET")
        return methodNotAllowed(QByteArrayLiteral("GET"));
    // A status line, then header fields of 1 KiB each, as fast as the client reads, and never
    // the empty line that would end them.
    const QByteArray head =
        QByteArrayLiteral("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n");
    return HttpResponse::streamed(
        head,
        [next = 0]() mutable {
            QByteArray piece;
            piece.reserve(pieceBytes + 1024);
            while (piece.size() < pieceBytes)
                piece += QByteArrayLiteral("X-Endless-") + QByteArray::number(++next)
                    + QByteArrayLiteral(": ") + filler().left(1000) + QByteArrayLiteral("\r\n");
            return piece;
        },
        0);
}

HttpResponse ApiRoutes::endlessBody(const HttpRequest &request, bool trickle) const
{
    if (request.method != "GET")
        return methodNotAllowed(QByteArrayLiteral("GET"));
    int intervalMs = 0;
    if (trickle) {
        bool ok = true;
        const QString ms = request.query.queryItemValue(QStringLiteral("ms"));
        intervalMs = ms.isEmpty() ? defaultTrickleMs : ms.toInt(&ok);
        if (!ok || intervalMs < 1 || intervalMs > maxSlowMs)
            return invalidQuery(
                QStringLiteral("ms must be an integer between 1 and %1").arg(maxSlowMs));
    }
    const QByteArray head = QByteArrayLiteral("HTTP/1.1 200 OK\r\n"
                                              "Content-Type: application/octet-stream\r\n"
                                              "Transfer-Encoding: chunked\r\n\r\n");
    // Chunks that never end with the zero-size one: 64 KiB as fast as the client reads, or
    // one byte per interval.
    const QByteArray piece = trickle ? QByteArrayLiteral("1\r\nx\r\n")
                                     : QByteArray::number(pieceBytes, 16)
            + QByteArrayLiteral("\r\n") + filler() + QByteArrayLiteral("\r\n");
    return HttpResponse::streamed(
        head, [piece] { return piece; }, intervalMs);
}

} // namespace Keyway
