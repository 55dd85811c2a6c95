#pragma once

// The small JSONPath subset that assertions use: `$` (optional), `.name`, `['name']` or
// `["name"]`, `[index]` (negative counts from the end). Enough to point at one value of an
// answer, the way Postman's and Bruno's tests do; no wildcards, filters or slices.

#include <QJsonValue>
#include <QList>
#include <QString>
#include <QVariant>

#include <optional>

namespace Keyway {

class JsonPath
{
public:
    // Reads `text`; on a syntax error returns nothing and says where in *error.
    static std::optional<JsonPath> parse(const QString &text, QString *error);

    // The value at the path, or nothing when a step does not exist (a missing key, an index out
    // of range, a step into a value that is neither an object nor an array).
    std::optional<QJsonValue> find(const QJsonValue &root) const;

private:
    QList<QVariant> m_steps; // QString: an object key; qint64: an array index
};

} // namespace Keyway
