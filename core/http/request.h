#pragma once

#include "http/bodysource.h"

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QUrl>

namespace Keyway {

using HeaderList = QList<QPair<QByteArray, QByteArray>>;

// One logical request as the caller describes it; the core turns it into one or more attempts.
struct Request
{
    QByteArray method = QByteArrayLiteral("GET"); // any verb
    QUrl url;
    HeaderList headers;
    BodySource body;
    // Off: a 3xx answer is the final answer, returned as it is (Location and all).
    bool followRedirects = true;

    Request() = default;
    Request(QByteArray verb, QUrl target, BodySource payload = {}, HeaderList extraHeaders = {})
        : method(std::move(verb)),
          url(std::move(target)),
          headers(std::move(extraHeaders)),
          body(std::move(payload))
    {
    }
};

// Scheme, host and port: the unit that may receive this profile's token (RFC 6454).
bool isSameOrigin(const QUrl &a, const QUrl &b);

} // namespace Keyway
