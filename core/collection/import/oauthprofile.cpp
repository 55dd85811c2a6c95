#include "collection/import/oauthprofile.h"

namespace Keyway::ImportDetail {

namespace {

bool sameSettings(const Profile &a, const Profile &b)
{
    return a.tokenUrl == b.tokenUrl && a.authorizationUrl == b.authorizationUrl
        && a.clientId == b.clientId && a.scope == b.scope && a.grant == b.grant
        && a.username == b.username && a.clientAuth == b.clientAuth
        && a.publicClient == b.publicClient && a.audience == b.audience
        && a.resource == b.resource && a.redirectPath == b.redirectPath
        && a.extraAuthorizationParams == b.extraAuthorizationParams
        && a.extraTokenParams == b.extraTokenParams;
}

QUrl settingUrl(const QString &text, const QString &what, const QString &profileName,
                const QString &path, ImportResult &result)
{
    if (text.contains(QLatin1String("{{"))) {
        result.issues.append({path, QStringLiteral("the %1 of profile \"%2\" uses variables (%3); "
                                                   "profiles take a literal URL: edit it")
                                        .arg(what, profileName, text)});
    }
    return QUrl(text);
}

} // namespace

OAuthSettings readOAuthSettings(const std::function<QString(const char *)> &text,
                                const OAuthFieldNames &names)
{
    OAuthSettings oauth;
    oauth.grantType = text(names.grantType);
    oauth.tokenUrl = text(names.tokenUrl);
    oauth.authorizationUrl = text(names.authorizationUrl);
    oauth.redirectUri = text(names.redirectUri);
    oauth.clientId = text("clientId");
    oauth.hasClientSecret = !text("clientSecret").isEmpty();
    oauth.username = text("username");
    oauth.hasPassword = !text("password").isEmpty();
    oauth.scope = text("scope");
    oauth.audience = text("audience");
    oauth.resource = text("resource");
    return oauth;
}

QString addOAuthProfile(ImportResult &result, const OAuthSettings &settings,
                        const QString &fallbackName, const QString &path)
{
    Profile profile;
    profile.name = settings.name.trimmed().isEmpty() ? fallbackName : settings.name.trimmed();
    profile.clientId = settings.clientId;
    profile.scope = settings.scope;
    profile.username = settings.username;
    profile.audience = settings.audience;
    profile.resource = settings.resource;
    profile.clientAuth = settings.clientAuthInBody ? ClientAuthMethod::Body : ClientAuthMethod::Basic;
    profile.extraAuthorizationParams = settings.extraAuthorizationParams;
    profile.extraTokenParams = settings.extraTokenParams;
    const QString grant = settings.grantType.toLower();
    if (grant == QLatin1String("password"))
        profile.grant = GrantType::Password;
    else if (grant == QLatin1String("client_credentials"))
        profile.grant = GrantType::ClientCredentials;
    else if (grant == QLatin1String("implicit"))
        result.issues.append({path, QStringLiteral("the implicit grant is not supported (RFC 9700 "
                                                   "§2.1.2); profile \"%1\" signs in with the "
                                                   "authorization code grant instead")
                                        .arg(profile.name)});
    // A client without a secret that signs in through the browser is a public client.
    profile.publicClient = !settings.hasClientSecret && profile.grant == GrantType::None;
    if (!settings.redirectUri.isEmpty()) {
        const QUrl redirect(settings.redirectUri);
        if (redirect.host() == QLatin1String("127.0.0.1") || redirect.host() == QLatin1String("localhost"))
            profile.redirectPath = redirect.path().isEmpty() ? QStringLiteral("/") : redirect.path();
        else
            result.issues.append({path, QStringLiteral("the redirect URI %1 of profile \"%2\" is "
                                                       "not a loopback address; Keyway receives "
                                                       "the code on http://127.0.0.1 (RFC 8252)")
                                            .arg(settings.redirectUri, profile.name)});
    }
    profile.tokenUrl = settingUrl(settings.tokenUrl, QStringLiteral("token URL"), profile.name, path,
                                  result);
    profile.authorizationUrl = settingUrl(settings.authorizationUrl,
                                          QStringLiteral("authorization URL"), profile.name, path,
                                          result);

    for (const ImportedProfile &known : std::as_const(result.profiles)) {
        if (sameSettings(known.profile, profile))
            return known.profile.name;
    }
    const QString base = profile.name;
    const auto nameTaken = [&result](const QString &name) {
        return std::any_of(result.profiles.cbegin(), result.profiles.cend(),
                           [&name](const ImportedProfile &p) { return p.profile.name == name; });
    };
    for (int n = 2; nameTaken(profile.name); ++n)
        profile.name = QStringLiteral("%1 %2").arg(base).arg(n);

    const bool needsSecret = settings.hasClientSecret || settings.hasPassword;
    if (needsSecret) {
        result.issues.append(
            {path, QStringLiteral("the %1 of profile \"%2\" was not imported: enter it when "
                                  "signing in (Keyway keeps it in the keychain, never in files)")
                       .arg(settings.hasClientSecret ? QStringLiteral("client secret")
                                                     : QStringLiteral("password"),
                            profile.name)});
    }
    result.profiles.append({profile, needsSecret, path});
    return profile.name;
}

} // namespace Keyway::ImportDetail
