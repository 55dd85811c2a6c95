// keychain_lock_holder: a second process for tst_keychainstore. It opens a KeychainTokenStore
// on the given data dir and does one thing, printing one line per result:
//   hold TTL_MS     take the refresh lease, print "held", keep it until stdin closes
//   crash TTL_MS    take the refresh lease, print "held", then abort() while holding it
//   store EXPECTED GENERATION ACCESS_TOKEN
//                   compare-and-swap a token set, then load; also counts availability signals
//   read            load, printing "read <status> <generation> <access fp> <refresh fp>" (SHA-256
//                   fingerprints, never the tokens): what a fresh process finds stored
// Result lines: "<command> <status> <generation> <message>".
#include "auth/tokenset.h"
#include "log/fingerprint.h"
#include "store/keychaintokenstore.h"

#include <QCoreApplication>
#include <QSocketNotifier>
#include <QStandardPaths>
#include <QTimer>

#include <cstdio>
#include <cstdlib>
#include <sys/resource.h>
#include <unistd.h>

using namespace Keyway;

namespace {

QString statusName(StoreResult::Status status)
{
    switch (status) {
    case StoreResult::Status::Ok: return QStringLiteral("ok");
    case StoreResult::Status::Conflict: return QStringLiteral("conflict");
    case StoreResult::Status::Busy: return QStringLiteral("busy");
    case StoreResult::Status::Unavailable: return QStringLiteral("unavailable");
    case StoreResult::Status::Corrupt: return QStringLiteral("corrupt");
    }
    return {};
}

void say(const QString &line)
{
    std::fputs(qPrintable(line + QLatin1Char('\n')), stdout);
    std::fflush(stdout);
}

void report(const QString &command, const StoreResult &result)
{
    say(QStringLiteral("%1 %2 %3 %4")
            .arg(command, statusName(result.status))
            .arg(result.tokens ? result.tokens->generation : 0)
            .arg(result.message));
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    // Whatever this process might write through QStandardPaths lands in the test locations.
    QStandardPaths::setTestModeEnabled(true);
    const QStringList args = app.arguments();
    if (args.size() < 5) {
        std::fputs("usage: keychain_lock_holder SERVICE DATA_DIR PROFILE hold|crash TTL_MS\n"
                   "       keychain_lock_holder SERVICE DATA_DIR PROFILE read\n"
                   "       keychain_lock_holder SERVICE DATA_DIR PROFILE store EXPECTED "
                   "GENERATION ACCESS_TOKEN\n",
                   stderr);
        return 2;
    }
    KeychainTokenStore store(args.at(1), args.at(2));
    const QString profile = args.at(3);
    const QString command = args.at(4);
    const QString owner = QStringLiteral("holder-%1").arg(QCoreApplication::applicationPid());
    QObject context;

    if (command == QLatin1String("hold") || command == QLatin1String("crash")) {
        StoreResult lease;
        store.acquireLease(profile, owner, args.at(5).toLongLong(), &context,
                           [&lease](const StoreResult &result) { lease = result; });
        say(lease.ok()
                ? QStringLiteral("held")
                : QStringLiteral("lease %1 %2").arg(statusName(lease.status), lease.message));
        if (!lease.ok())
            return 1;
        if (command == QLatin1String("crash")) {
            const rlimit noCore {0, 0};
            setrlimit(RLIMIT_CORE, &noCore); // a crash on purpose leaves no core file
            std::abort();
        }
        // Held until the test closes our stdin.
        QSocketNotifier input(0, QSocketNotifier::Read);
        QObject::connect(&input, &QSocketNotifier::activated, &context, [&] {
            char buffer[64];
            if (::read(0, buffer, sizeof buffer) <= 0) {
                store.releaseLease(profile, owner);
                say(QStringLiteral("released"));
                app.quit();
            }
        });
        return app.exec();
    }

    if (command == QLatin1String("read")) {
        store.load(profile, &context, [&](const StoreResult &loaded) {
            const TokenSet tokens = loaded.tokens.value_or(TokenSet {});
            say(QStringLiteral("read %1 %2 %3 %4")
                    .arg(statusName(loaded.status))
                    .arg(tokens.generation)
                    .arg(fingerprint(tokens.accessToken), fingerprint(tokens.refreshToken)));
            app.quit();
        });
        QTimer::singleShot(60000, &context, [&app] { app.exit(3); });
        return app.exec();
    }

    if (command == QLatin1String("store") && args.size() >= 8) {
        int unavailableSignals = 0;
        QObject::connect(&store, &TokenStore::availabilityChanged, &context,
                         [&unavailableSignals](bool available) {
                             if (!available)
                                 ++unavailableSignals;
                         });
        TokenSet tokens;
        tokens.accessToken = args.at(7);
        tokens.refreshToken = args.at(7) + QStringLiteral("-refresh");
        tokens.generation = args.at(6).toULongLong();
        store.compareAndSwap(
            profile, args.at(5).toULongLong(), tokens, &context, [&](const StoreResult &swapped) {
                report(QStringLiteral("store"), swapped);
                store.load(profile, &context, [&](const StoreResult &loaded) {
                    report(QStringLiteral("load"), loaded);
                    say(QStringLiteral("unavailable-signals %1").arg(unavailableSignals));
                    app.quit();
                });
            });
        QTimer::singleShot(60000, &context, [&app] { app.exit(3); });
        return app.exec();
    }
    std::fputs("unknown command\n", stderr);
    return 2;
}
