#include "collection/profilesecrets.h"

#include "store/keychainjob.h"

#include <qt6keychain/keychain.h>

#include <memory>

namespace Keyway {

SecretRef ProfileSecrets::keychainRef(const QString &workspace, const QString &profile,
                                      const QString &what)
{
    return SecretRef::keychain(QStringLiteral("keyway-secrets"),
                               QStringLiteral("%1/%2/%3").arg(workspace, profile, what));
}

void ProfileSecrets::read(const SecretRef &ref, const QProcessEnvironment &environment,
                          QObject *context, ReadDone done)
{
    switch (ref.kind) {
    case SecretRef::Kind::None: done({}, {}); return;
    case SecretRef::Kind::Environment: {
        const QString value = environment.value(ref.name);
        if (value.isEmpty())
            done({}, QStringLiteral("the environment variable %1 is not set").arg(ref.name));
        else
            done(value, {});
        return;
    }
    case SecretRef::Kind::Keychain: break;
    }
    const auto readSecret = [ref] {
        auto *job = new QKeychain::ReadPasswordJob(ref.service());
        job->setKey(ref.key());
        return job;
    };
    runKeychainJob(context, readSecret, [ref, done](QKeychain::Job &read) {
        if (read.error() == QKeychain::NoError) {
            done(static_cast<QKeychain::ReadPasswordJob &>(read).textData(), {});
            return;
        }
        done({},
             read.error() == QKeychain::EntryNotFound
                 ? QStringLiteral("%1 does not exist").arg(ref.describe())
                 : QStringLiteral("%1 could not be read: %2")
                       .arg(ref.describe(), read.errorString()));
    });
}

void ProfileSecrets::writeToKeychain(const SecretRef &ref, const QString &value, QObject *context,
                                     WriteDone done)
{
    const auto writeSecret = [ref, value] {
        auto *job = new QKeychain::WritePasswordJob(ref.service());
        job->setKey(ref.key());
        job->setTextData(value);
        return job;
    };
    runKeychainJob(context, writeSecret, [ref, done](QKeychain::Job &written) {
        done(written.error() == QKeychain::NoError
                 ? QString()
                 : QStringLiteral("%1 could not be written: %2")
                       .arg(ref.describe(), written.errorString()));
    });
}

void ProfileSecrets::resolveStore(const StoredProfile &stored,
                                  const QProcessEnvironment &environment, QObject *context,
                                  StoreDone done)
{
    const StoreChoice store = stored.store;
    read(store.password, environment, context,
         [store, done](const QString &value, const QString &error) {
             if (!error.isEmpty())
                 done({}, QStringLiteral("the Redis password of the store: ") + error);
             else
                 done(store.withPassword(value), {});
         });
}

void ProfileSecrets::resolve(const StoredProfile &stored, const QProcessEnvironment &environment,
                             QObject *context, ResolveDone done)
{
    auto profile = std::make_shared<Profile>(stored.profile);
    const SecretRef password = stored.password;
    read(stored.clientSecret, environment, context,
         [=](const QString &secret, const QString &error) {
             if (!error.isEmpty()) {
                 done(*profile, QStringLiteral("the client secret: ") + error);
                 return;
             }
             if (stored.clientSecret.isSet())
                 profile->clientSecret = secret;
             read(password, environment, context,
                  [=](const QString &value, const QString &passwordError) {
                      if (!passwordError.isEmpty()) {
                          done(*profile, QStringLiteral("the password: ") + passwordError);
                          return;
                      }
                      if (password.isSet())
                          profile->password = value;
                      read(stored.clientKeyPassphrase, environment, context,
                           [=](const QString &passphrase, const QString &passphraseError) {
                               if (!passphraseError.isEmpty()) {
                                   done(*profile,
                                        QStringLiteral("the client key's passphrase: ")
                                            + passphraseError);
                                   return;
                               }
                               if (stored.clientKeyPassphrase.isSet())
                                   profile->tls.clientKeyPassphrase = passphrase;
                               done(*profile, {});
                           });
                  });
         });
}

} // namespace Keyway
