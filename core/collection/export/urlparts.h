#pragma once

// A URL as typed (with `{{variables}}`) split the way Postman's collection format stores it:
// newman builds the request from these parts and ignores `raw`.

#include <QString>
#include <QStringList>
#include <QList>
#include <QPair>
#include <optional>

namespace Keyway {

struct UrlParts
{
    QString protocol;
    QStringList host; // split at dots outside `{{...}}`
    QString port;
    QStringList path;
    QList<QPair<QString, std::optional<QString>>> query; // a key without '=' has no value
    QString hash;
};

UrlParts splitUrl(const QString &url);

} // namespace Keyway
