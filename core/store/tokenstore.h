#pragma once

#include "auth/tokenset.h"

#include <QObject>

#include <functional>
#include <optional>

namespace Keyway {

// The outcome of one store operation.
struct StoreResult
{
    enum class Status {
        Ok, // done; `tokens` holds what is stored now (empty: nothing stored)
        Conflict, // compare-and-swap lost: `tokens` holds the newer stored set
        Busy, // lease held by someone else
        Unavailable, // the backend cannot be reached (no keyring, Redis down, ...)
        Corrupt, // something is stored that is not a readable token set; left untouched
    };
    Status status = Status::Ok;
    std::optional<TokenSet> tokens;
    QString message; // for Unavailable/Corrupt: what is wrong and what to do
    // For Corrupt: the tokens are intact but sealed with a store key this store does not have
    // (or it does not decrypt). The right key reads them; clearing them would lose a login that
    // every client sharing them may still be using.
    bool sealedWithOtherKey = false;
    // From load(): a terminal refresh failure another client recorded recently (empty: none).
    QString terminalError;

    bool ok() const { return status == Status::Ok; }
};

// Where a profile's tokens live. Asynchronous, so that keychain and network backends fit; the
// generation inside each TokenSet makes writes safe between many processes and machines.
class TokenStore : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TokenStore)
public:
    using Callback = std::function<void(const StoreResult &)>;

    using QObject::QObject;

    // A short description for logs and `token show`, without credentials.
    virtual QString describe() const = 0;

    virtual void load(const QString &profile, QObject *context, Callback callback) = 0;

    // Stores `next` only if the stored generation is still `expectedGeneration` (0: nothing
    // stored). On a lost race the result is Conflict with the set that won.
    virtual void compareAndSwap(const QString &profile, quint64 expectedGeneration,
                                const TokenSet &next, QObject *context, Callback callback) = 0;

    virtual void clear(const QString &profile, QObject *context, Callback callback) = 0;

    // The right to refresh for `ttlMs`: Ok when acquired, Busy when another owner holds it.
    virtual void acquireLease(const QString &profile, const QString &owner, qint64 ttlMs,
                              QObject *context, Callback callback) = 0;
    virtual void releaseLease(const QString &profile, const QString &owner) = 0;

    // Remembers for `ttlMs` that the grant is dead (a terminal refresh failure), so that other
    // clients sharing the store do not present the same dead refresh token again. load() reports
    // it in StoreResult::terminalError. A store shared with nobody has nothing to do.
    virtual void recordTerminalError(const QString &profile, const QString &message, qint64 ttlMs)
    {
        Q_UNUSED(profile);
        Q_UNUSED(message);
        Q_UNUSED(ttlMs);
    }

Q_SIGNALS:
    // Another writer (or this one) stored a new generation.
    void changed(const QString &profile, quint64 generation);
    // The backend became unreachable (with what is wrong and what to do) or reachable again:
    // for the UI to show, besides the events.
    void availabilityChanged(bool available, const QString &message);
};

} // namespace Keyway
