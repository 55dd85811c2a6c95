#pragma once

// Internal to the importers: a YAML document (libyaml) as a JSON value, so that a YAML format
// is read by the same code as its JSON twin. Plain scalars stay strings except true, false and
// null; each node's line and column are kept for errors. Nesting is bounded and aliases are
// refused, so a hostile file cannot exhaust the stack or expand without limit.

#include <QByteArray>
#include <QHash>
#include <QJsonValue>
#include <QString>

namespace Keyway::ImportDetail {

struct YamlDocument
{
    QJsonValue root;
    QHash<QString, QString> places; // JSON path (as JsonCursor spells it) -> "line:column"
};

// Fails with an ImportFailure at the line and column of the problem.
YamlDocument parseYaml(const QByteArray &bytes);

} // namespace Keyway::ImportDetail
