#pragma once

#include "sandbox/httpexchange.h"

#include <QHash>
#include <QString>

namespace Keyway {

// How a client authenticated at the token endpoint (RFC 6749 2.3.1).
struct ClientAuth
{
    enum class Method { None, Basic, Body };
    enum class Problem { None, Malformed, BothMethods };

    Method method = Method::None;
    Problem problem = Problem::None;
    QString clientId;
    QString clientSecret;

    static ClientAuth fromRequest(const HttpRequest &request, const QHash<QString, QString> &form);
};

} // namespace Keyway
