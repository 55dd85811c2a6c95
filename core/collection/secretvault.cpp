#include "collection/secretvault.h"

#include "collection/secretvariables.h"
#include "store/keychainjob.h"
#include "store/keychainproblem.h"
#include "store/keyringlock.h"

#include <QPointer>

#include <qt6keychain/keychain.h>

#include <memory>

namespace Keyway {

namespace {

struct Slot
{
    QString scope;
    Variable *variable;
};

QList<Slot> secretSlots(WorkspaceData &workspace)
{
    QList<Slot> found;
    forEachSecret(workspace, [&found](const QString &scope, Variable &v) {
        found.append({scope, &v});
    });
    return found;
}

QString problem(const QKeychain::Job &job, const QString &what)
{
    return what + QStringLiteral(": ")
        + keychainProblem(QStringLiteral("or give keyway-cli the value in its KEYWAY_SECRET_... "
                                         "environment variable"),
                          job.error(), job.errorString());
}

// Runs one keychain job after the other (the Secret Service serialises them anyway) and calls
// `finish` once at the end.
struct Batch
{
    QList<std::function<void(std::function<void()>)>> steps;
    QStringList errors;
    bool missing = false; // an entry was not found: maybe only because the keyring is locked

    static void run(std::shared_ptr<Batch> batch, std::function<void()> finish)
    {
        if (batch->steps.isEmpty()) {
            finish();
            return;
        }
        auto step = batch->steps.takeFirst();
        step([batch, finish] { run(batch, finish); });
    }
};

// Runs the batch, then tells `done` its errors unless `context` went meanwhile.
void runReporting(const std::shared_ptr<Batch> &batch, QObject *context, SecretVault::Done done)
{
    QPointer<QObject> guard(context);
    Batch::run(batch, [guard, done = std::move(done), batch] {
        if (guard)
            done(batch->errors);
    });
}

} // namespace

std::function<void(std::function<void()>)>
SecretVault::deleteStep(const QString &key, const QString &name, QStringList *errors)
{
    return [this, key, name, errors](std::function<void()> next) {
        const auto remove = [service = m_service, key] {
            auto *job = new QKeychain::DeletePasswordJob(service);
            job->setKey(key);
            return job;
        };
        runKeychainJob(this, remove, [name, next, errors](QKeychain::Job &done) {
            // Nothing stored under the key is what deleting it wants.
            if (done.error() != QKeychain::NoError && done.error() != QKeychain::EntryNotFound)
                errors->append(problem(done, QStringLiteral("secret variable {{%1}}").arg(name)));
            next();
        });
    };
}

SecretVault::SecretVault(QString service, QObject *parent)
    : QObject(parent), m_service(std::move(service))
{
}

QString SecretVault::keyFor(const QString &workspaceId, const QString &scope, const QString &name)
{
    return workspaceId + QLatin1Char('/') + scope + QLatin1Char('/') + name;
}

void SecretVault::fill(const WorkspaceData &workspace, QObject *context, Filled done)
{
    auto data = std::make_shared<WorkspaceData>(workspace);
    auto batch = std::make_shared<Batch>();
    for (const Slot &slot : secretSlots(*data)) {
        if (!slot.variable->value.isEmpty())
            continue;
        const QString key = keyFor(data->id, slot.scope, slot.variable->name);
        Variable *variable = slot.variable;
        batch->steps.append([this, key, variable, batch, data](std::function<void()> next) {
            const auto read = [service = m_service, key] {
                auto *job = new QKeychain::ReadPasswordJob(service);
                job->setKey(key);
                return job;
            };
            runKeychainJob(this, read, [variable, batch, next, data](QKeychain::Job &finished) {
                if (finished.error() == QKeychain::NoError)
                    variable->value =
                        static_cast<QKeychain::ReadPasswordJob &>(finished).textData();
                else if (finished.error() == QKeychain::EntryNotFound)
                    batch->missing = true;
                else
                    batch->errors.append(problem(
                        finished, QStringLiteral("secret variable {{%1}}").arg(variable->name)));
                next();
            });
        });
    }
    QPointer<QObject> guard(context);
    Batch::run(batch, [this, guard, done, data, batch] {
        const auto finish = [guard, done, data, batch] {
            if (guard)
                done(*data, batch->errors);
        };
        if (!batch->missing) {
            finish();
            return;
        }
        // libsecret says "not found" for every entry of a locked keyring: that is no answer.
        checkKeyringLocked(this, [batch, finish](bool locked) {
            if (locked)
                batch->errors.append(QStringLiteral(
                    "secret variables: the keyring is locked, so their values could not be read: "
                    "unlock it (log in to the desktop, or unlock the \"login\" keyring in "
                    "Seahorse), or give keyway-cli the values in KEYWAY_SECRET_... environment "
                    "variables"));
            finish();
        });
    });
}

QStringList SecretVault::keysOf(const WorkspaceData &workspace)
{
    QStringList keys;
    if (workspace.id.isEmpty())
        return keys;
    WorkspaceData data = workspace;
    forEachSecret(data, [&keys, &data](const QString &scope, Variable &variable) {
        keys << keyFor(data.id, scope, variable.name);
    });
    return keys;
}

void SecretVault::store(const WorkspaceData &workspace, QObject *context, Done done)
{
    store(workspace, {}, context, std::move(done));
}

void SecretVault::store(const WorkspaceData &workspace, const QStringList &previousKeys,
                        QObject *context, Done done)
{
    auto data = std::make_shared<WorkspaceData>(workspace);
    auto batch = std::make_shared<Batch>();
    for (const Slot &slot : secretSlots(*data)) {
        if (slot.variable->value.isEmpty())
            continue;
        const QString key = keyFor(data->id, slot.scope, slot.variable->name);
        const QString value = slot.variable->value;
        const QString name = slot.variable->name;
        batch->steps.append([this, key, value, name, batch](std::function<void()> next) {
            const auto write = [service = m_service, key, value] {
                auto *job = new QKeychain::WritePasswordJob(service);
                job->setKey(key);
                job->setTextData(value);
                return job;
            };
            runKeychainJob(this, write, [batch, name, next](QKeychain::Job &finished) {
                if (finished.error() != QKeychain::NoError)
                    batch->errors.append(
                        problem(finished,
                                QStringLiteral("secret variable {{%1}} was not stored").arg(name)));
                next();
            });
        });
    }
    // After the writes: a renamed variable's new entry is there before its old one goes.
    const QStringList current = keysOf(workspace);
    for (const QString &key : previousKeys) {
        if (!current.contains(key))
            batch->steps.append(deleteStep(key, key.section(QLatin1Char('/'), -1), &batch->errors));
    }
    runReporting(batch, context, std::move(done));
}

void SecretVault::forget(const QString &workspaceId, const QString &scope, const QString &name,
                         QObject *context, Done done)
{
    auto batch = std::make_shared<Batch>();
    batch->steps.append(deleteStep(keyFor(workspaceId, scope, name), name, &batch->errors));
    runReporting(batch, context, std::move(done));
}

} // namespace Keyway
