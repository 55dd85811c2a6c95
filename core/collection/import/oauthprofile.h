#pragma once

// Internal to the importers: OAuth 2.0 settings of a source (Postman, Insomnia) mapped to a
// profile, one profile per distinct setting, secrets left out and flagged.

#include "collection/import/importresult.h"

#include <functional>

namespace Keyway::ImportDetail {

struct OAuthSettings
{
    QString name; // the source's own label for it, if any
    QString grantType; // as the source spells it
    QString tokenUrl;
    QString authorizationUrl;
    QString clientId;
    bool hasClientSecret = false;
    bool hasPassword = false;
    QString username;
    QString scope;
    QString audience;
    QString resource;
    QString redirectUri;
    bool clientAuthInBody = false;
    QList<QPair<QString, QString>> extraAuthorizationParams;
    QList<QPair<QString, QString>> extraTokenParams;
};

// The names a source gives to the settings that differ between sources; the others are
// clientId, clientSecret, username, password, scope, audience and resource everywhere.
struct OAuthFieldNames
{
    const char *grantType;
    const char *tokenUrl;
    const char *authorizationUrl;
    const char *redirectUri;
};

// The settings read with `text` (a source's value by name, empty when absent).
OAuthSettings readOAuthSettings(const std::function<QString(const char *)> &text,
                                const OAuthFieldNames &names);

// Adds the profile for `settings` to `result` (or finds the same one already there) and returns
// its name. Unmappable parts (implicit grant, variables in URLs, secrets) become issues at `path`.
QString addOAuthProfile(ImportResult &result, const OAuthSettings &settings,
                        const QString &fallbackName, const QString &path);

} // namespace Keyway::ImportDetail
