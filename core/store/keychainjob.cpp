#include "store/keychainjob.h"

#include "log/logging.h"

#include <QLibrary>

namespace Keyway {

namespace {

// libsecret keeps one Secret Service connection per process, with the session it opened, until
// secret_service_disconnect() drops it. QtKeychain loads libsecret at run time (QLibrary
// "secret-1", soname 0) rather than linking it, so the function is looked up in that same
// library the same way; where libsecret is not installed, QtKeychain does not use it either and
// there is nothing to drop.
void dropSecretServiceConnection()
{
    using Disconnect = void (*)();
    static const auto disconnect = reinterpret_cast<Disconnect>(
        QLibrary::resolve(QStringLiteral("secret-1"), 0, "secret_service_disconnect"));
    if (disconnect)
        disconnect();
}

void runAttempt(QObject *context, std::function<QKeychain::Job *()> make,
                std::function<void(QKeychain::Job &)> done, bool retried)
{
    // Jobs have no parent and delete themselves: QtKeychain's backends call back into a job
    // that must still exist, so a job always runs to its end.
    QKeychain::Job *job = make();
    job->setAutoDelete(true);
    QObject::connect(job, &QKeychain::Job::finished, context,
                     [context, make, done, retried](QKeychain::Job *finished) {
                         if (retried || !mayBeLostKeyring(*finished)) {
                             done(*finished);
                             return;
                         }
                         qCInfo(lcStore).noquote()
                             << "keychain failed (" << finished->errorString()
                             << "); reconnecting to the Secret Service and trying once more";
                         dropSecretServiceConnection();
                         runAttempt(context, make, done, true);
                     });
    job->start();
}

} // namespace

bool mayBeLostKeyring(const QKeychain::Job &job)
{
    switch (job.error()) {
    case QKeychain::NoError:
    case QKeychain::EntryNotFound:
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
    case QKeychain::NotImplemented: return false;
    default: break;
    }
    const QString detail = job.errorString();
    for (const char *answer : {"locked", "dismissed", "cancel"}) {
        if (detail.contains(QLatin1String(answer), Qt::CaseInsensitive))
            return false;
    }
    return true;
}

void runKeychainJob(QObject *context, std::function<QKeychain::Job *()> make,
                    std::function<void(QKeychain::Job &)> done)
{
    runAttempt(context, std::move(make), std::move(done), false);
}

} // namespace Keyway
