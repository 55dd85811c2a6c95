#pragma once

#include "sandbox/httpexchange.h"

#include <QByteArrayView>
#include <QHash>
#include <QString>

#include <optional>

namespace Keyway {

// application/x-www-form-urlencoded as RFC 6749 Appendix B uses it: '+' is a space, then
// percent-decoding as UTF-8.
QString formDecode(QByteArrayView encoded);

// The fields of a form body, or nothing if a field repeats (RFC 6749 3.2: "Request and
// response parameters MUST NOT be included more than once").
std::optional<QHash<QString, QString>> parseUniqueForm(QByteArrayView body);

// Whether the request says its body is application/x-www-form-urlencoded.
bool isFormBody(const HttpRequest &request);

// The fields of a POST to an OAuth endpoint (token, device authorization, revocation), or the
// invalid_request answer for a body that is not form-encoded or repeats a field.
struct FormBody
{
    QHash<QString, QString> fields;
    std::optional<HttpResponse> rejection;
};
FormBody readFormBody(const HttpRequest &request);

} // namespace Keyway
