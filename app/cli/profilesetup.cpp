#include "profilesetup.h"

#include "profilediscovery.h"

#include "collection/profilesecrets.h"

#include <QFileInfo>

#include <memory>

namespace Keyway::Cli {

namespace {

SecretRef remembered(const QString &workspace, const QString &profile, const QString &what,
                     AuthSettings::SecretSource source, const QString &variable,
                     const SecretRef &stored)
{
    switch (source) {
    case AuthSettings::SecretSource::None: return stored;
    case AuthSettings::SecretSource::Environment: return SecretRef::environment(variable);
    case AuthSettings::SecretSource::CommandLine:
        return ProfileSecrets::keychainRef(workspace, profile, what);
    }
    return stored;
}

// Discovered endpoints fill what is missing, and replace stored ones, but never one given on
// this command line.
void discoverInto(std::shared_ptr<ProfileSetupResult> result, const AuthSettings &given,
                  QObject *context, std::function<void(const ProfileSetupResult &)> done)
{
    discoverEndpoints(result->profile, context,
                      [result, given, done](const Profile &found, const QString &error) {
                          if (!error.isEmpty()) {
                              result->error = error;
                              done(*result);
                              return;
                          }
                          Profile discovered = found;
                          StoredProfile byHand;
                          byHand.profile = discovered;
                          AuthSettings handGiven;
                          handGiven.tokenUrl = given.tokenUrl;
                          handGiven.authorizationUrl = given.authorizationUrl;
                          handGiven.deviceUrl = given.deviceUrl;
                          handGiven.revocationUrl = given.revocationUrl;
                          handGiven.clientAuth = given.clientAuth;
                          handGiven.applyTo(&byHand);
                          for (Profile *p : {&result->profile, &result->stored.profile}) {
                              p->tokenUrl = byHand.profile.tokenUrl;
                              p->authorizationUrl = byHand.profile.authorizationUrl;
                              p->deviceAuthorizationUrl = byHand.profile.deviceAuthorizationUrl;
                              p->revocationUrl = byHand.profile.revocationUrl;
                              p->clientAuth = byHand.profile.clientAuth;
                          }
                          result->profile.publicClient = discovered.publicClient;
                          done(*result);
                      });
}

void resolveStoreThenDiscover(std::shared_ptr<ProfileSetupResult> result, const AuthSettings &given,
                              const QProcessEnvironment &environment, QObject *context,
                              std::function<void(const ProfileSetupResult &)> done)
{
    ProfileSecrets::resolveStore(
        result->stored, environment, context,
        [result, given, context, done](const QString &spec, const QString &problem) {
            if (!problem.isEmpty()) {
                result->error = QStringLiteral("profile '%1' needs %2 (or give --store)")
                                    .arg(result->stored.profile.name, problem);
                done(*result);
                return;
            }
            result->storeSpec = spec;
            const Profile &resolved = result->profile;
            const bool discover = !resolved.issuer.isEmpty()
                && (given.issuer.has_value() || resolved.tokenUrl.isEmpty());
            if (!discover) {
                done(*result);
                return;
            }
            discoverInto(result, given, context, done);
        });
}

} // namespace

QString silentSignInProblem(const Profile &profile)
{
    if (profile.grant != GrantType::None && profile.tokenUrl.isEmpty())
        return QStringLiteral("--grant needs --token-url, the token endpoint (for example "
                              "http://127.0.0.1:8080/oauth/token), or --issuer to discover it");
    if (!profile.tokenUrl.isEmpty() && profile.clientId.isEmpty())
        return QStringLiteral("--token-url needs --client-id");
    if (profile.grant == GrantType::Password
        && (profile.username.isEmpty() || profile.password.isEmpty()))
        return QStringLiteral("--grant password needs --username and a password (--password or "
                              "KEYWAY_PASSWORD)");
    return {};
}

void setUpProfile(const QString &workspace, const Profile &base, const AuthSettings &given,
                  SecretsNeeded secrets, const QProcessEnvironment &environment, QObject *context,
                  std::function<void(const ProfileSetupResult &)> done)
{
    auto result = std::make_shared<ProfileSetupResult>();
    const auto failed = [result, done](const QString &message, bool usage) {
        result->error = message;
        result->usageError = usage;
        done(*result);
    };
    QString error;
    const auto location = WorkspaceLocation::resolve(workspace, &error);
    if (!location) {
        failed(error, false);
        return;
    }
    result->workspace = *location;
    const auto file = ProfileFile::path(location->folder(), base.name, &error);
    if (!file) {
        failed(QStringLiteral("--profile: ") + error, true);
        return;
    }
    result->file = *file;
    if (QFileInfo::exists(*file)) {
        const auto stored = ProfileFile::load(*file, &error);
        if (!stored) {
            failed(QStringLiteral("profile '%1' cannot be used: %2").arg(base.name, error), false);
            return;
        }
        result->stored = *stored;
        result->fromFile = true;
    } else {
        result->stored.profile = base;
    }
    StoredProfile &stored = result->stored;
    stored.profile.name = base.name;
    stored.profile.onStoreFailure = base.onStoreFailure;
    given.applyTo(&stored);
    if (stored.profile.grant != GrantType::Password && given.username)
        return failed(QStringLiteral("--username and --password are for --grant password"), true);
    stored.clientSecret =
        remembered(location->name(), base.name, QStringLiteral("client-secret"),
                   given.clientSecretSource, given.clientSecretVariable, stored.clientSecret);
    stored.password = remembered(location->name(), base.name, QStringLiteral("password"),
                                 given.passwordSource, given.passwordVariable, stored.password);
    if (!given.clientKeyPassphraseVariable.isEmpty())
        stored.clientKeyPassphrase = SecretRef::environment(given.clientKeyPassphraseVariable);
    result->profile = stored.profile;
    // The references are for the file; the values given now are what this run uses.
    stored.profile.clientSecret.clear();
    stored.profile.password.clear();
    stored.profile.tls.clientKeyPassphrase.clear();

    StoredProfile toResolve;
    if (secrets == SecretsNeeded::Yes) {
        if (given.clientSecretSource == AuthSettings::SecretSource::None)
            toResolve.clientSecret = stored.clientSecret;
        if (given.passwordSource == AuthSettings::SecretSource::None)
            toResolve.password = stored.password;
        if (given.clientKeyPassphraseVariable.isEmpty())
            toResolve.clientKeyPassphrase = stored.clientKeyPassphrase;
    }
    toResolve.profile = result->profile;
    ProfileSecrets::resolve(
        toResolve, environment, context,
        [result, given, environment, context, done, name = base.name](const Profile &resolved,
                                                                      const QString &problem) {
            if (!problem.isEmpty()) {
                result->error = QStringLiteral("profile '%1' needs %2 (or give it on the command "
                                               "line)")
                                    .arg(name, problem);
                done(*result);
                return;
            }
            result->profile = resolved;
            result->profile.publicClient = resolved.clientSecret.isEmpty();
            resolveStoreThenDiscover(result, given, environment, context, done);
        });
}

} // namespace Keyway::Cli
