#include "savedprofiles.h"

#include "auth/profilesessions.h"
#include "auth/tokenmanager.h"
#include "collection/profilefile.h"
#include "collection/profilesecrets.h"
#include "collection/workspacelocation.h"
#include "collection/workspacestore.h"
#include "store/tokenstorefactory.h"

#include <QDir>
#include <QPointer>

#include <memory>

namespace Keyway {

namespace {

const QString JsonSuffix = QStringLiteral(".json");

// One open() call: what is left to open, and what went wrong so far.
struct Opening
{
    QPointer<ProfileSessions> sessions;
    QString workspace; // its name, which keys its tokens in the stores
    QProcessEnvironment environment;
    QPointer<QObject> context;
    int pending = 0;
    QStringList problems;
    std::function<void(const QStringList &)> done;

    // `name` is open (problem empty) or could not be opened.
    void finish(const QString &name, const QString &problem)
    {
        if (!problem.isEmpty()) {
            problems << problem;
            if (sessions)
                sessions->setProblem(name, problem);
        }
        if (sessions)
            sessions->setOpening(name, false);
        if (--pending == 0 && context)
            done(problems);
    }
};

// The profile with its secrets resolved, over the store the file names.
void addProfile(const std::shared_ptr<Opening> &opening, const QString &name,
                const Profile &resolved, const QString &spec)
{
    // A file that names no store keeps its tokens in the keychain, as keyway-cli reads it.
    QString error;
    auto store = createTokenStore(spec.isEmpty() ? QStringLiteral("keychain") : spec,
                                  opening->workspace, &error);
    if (!store || !opening->sessions) {
        opening->finish(name, QObject::tr("Profile '%1' is not open: %2").arg(name, error));
        return;
    }
    Profile profile = resolved;
    profile.publicClient = profile.clientSecret.isEmpty();
    TokenManager *tokens = opening->sessions->add(profile, std::move(store));
    loadStoredTokens(tokens, opening->context, [opening, name](const StoreResult &result) {
        const bool unreadable = result.status == StoreResult::Status::Unavailable
            || result.status == StoreResult::Status::Corrupt;
        opening->finish(name,
                        unreadable
                            ? QObject::tr("The tokens of profile '%1' could not be read: %2. "
                                          "Start the store or fix its address; nothing stored "
                                          "was changed.")
                                  .arg(name, result.message)
                            : QString());
    });
}

void openProfile(const std::shared_ptr<Opening> &opening, const QString &name,
                 const StoredProfile &file)
{
    ProfileSecrets::resolve(
        file, opening->environment, opening->context,
        [opening, name, file](const Profile &resolved, const QString &problem) {
            if (!problem.isEmpty()) {
                opening->finish(name,
                                QObject::tr("Profile '%1' is not open: it needs %2. Unlock "
                                            "the keyring (or set the variable), then open "
                                            "the workspace again.")
                                    .arg(name, problem));
                return;
            }
            ProfileSecrets::resolveStore(
                file, opening->environment, opening->context,
                [opening, name, resolved](const QString &spec, const QString &storeProblem) {
                    if (!storeProblem.isEmpty()) {
                        opening->finish(name,
                                        QObject::tr("Profile '%1' is not open: its token "
                                                    "store needs %2. Unlock the keyring (or "
                                                    "set the variable), then open the "
                                                    "workspace again.")
                                            .arg(name, storeProblem));
                        return;
                    }
                    addProfile(opening, name, resolved, spec);
                });
        });
}

} // namespace

QStringList SavedProfiles::names(const QString &workspaceFolder)
{
    if (workspaceFolder.isEmpty())
        return {};
    const QDir dir(workspaceFolder + QLatin1Char('/') + WorkspaceStore::ProfilesDir);
    QStringList names;
    for (const QString &file : dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name))
        names << file.chopped(JsonSuffix.size());
    return names;
}

void SavedProfiles::open(ProfileSessions *sessions, const QString &workspaceFolder,
                         const QProcessEnvironment &environment, QObject *context,
                         std::function<void(const QStringList &problems)> done)
{
    QString error;
    const auto location = WorkspaceLocation::resolve(workspaceFolder, &error);
    QStringList names;
    for (const QString &name : SavedProfiles::names(workspaceFolder)) {
        // The window's own profile (the demo's) is not replaced by a file of the same name.
        if (!sessions->contains(name))
            names << name;
    }
    if (!location || names.isEmpty()) {
        done({});
        return;
    }
    auto opening = std::make_shared<Opening>();
    opening->sessions = sessions;
    opening->workspace = location->name();
    opening->environment = environment;
    opening->context = context;
    opening->pending = int(names.size());
    opening->done = std::move(done);
    for (const QString &name : std::as_const(names))
        sessions->setOpening(name, true);
    for (const QString &name : std::as_const(names)) {
        const auto path = ProfileFile::path(workspaceFolder, name, &error);
        auto stored = path ? ProfileFile::load(*path, &error) : std::nullopt;
        if (!stored) {
            opening->finish(name,
                            QObject::tr("Profile '%1' cannot be used: %2. Fix or remove "
                                        "the file.")
                                .arg(name, error));
            continue;
        }
        // The file's name is the profile's name, as `keyway-cli --profile NAME` reads it.
        stored->profile.name = name;
        openProfile(opening, name, *stored);
    }
}

} // namespace Keyway
