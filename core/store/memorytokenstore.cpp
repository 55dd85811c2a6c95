#include "store/memorytokenstore.h"

#include <QPointer>

namespace Keyway {

namespace {

// The memory store answers at once; the context guard keeps the same contract as the
// asynchronous backends (no callback into a destroyed object).
void answer(QObject *context, const TokenStore::Callback &callback, StoreResult result)
{
    if (context)
        callback(result);
}

} // namespace

MemoryTokenStore::MemoryTokenStore(QObject *parent) : TokenStore(parent) { }

QString MemoryTokenStore::describe() const
{
    return QStringLiteral("memory");
}

void MemoryTokenStore::load(const QString &profile, QObject *context, Callback callback)
{
    StoreResult result;
    if (const auto it = m_tokens.constFind(profile); it != m_tokens.constEnd())
        result.tokens = *it;
    answer(context, callback, result);
}

void MemoryTokenStore::compareAndSwap(const QString &profile, quint64 expectedGeneration,
                                      const TokenSet &next, QObject *context, Callback callback)
{
    const auto it = m_tokens.constFind(profile);
    const quint64 stored = it == m_tokens.constEnd() ? 0 : it->generation;
    StoreResult result;
    if (stored != expectedGeneration) {
        result.status = StoreResult::Status::Conflict;
        if (it != m_tokens.constEnd())
            result.tokens = *it; // else: removed meanwhile
        answer(context, callback, result);
        return;
    }
    m_tokens.insert(profile, next);
    result.tokens = next;
    answer(context, callback, result);
    Q_EMIT changed(profile, next.generation);
}

void MemoryTokenStore::clear(const QString &profile, QObject *context, Callback callback)
{
    m_tokens.remove(profile);
    answer(context, callback, StoreResult {});
    Q_EMIT changed(profile, 0);
}

void MemoryTokenStore::acquireLease(const QString &profile, const QString &owner, qint64,
                                    QObject *context, Callback callback)
{
    // One process: the TokenManager's single flight already serialises refreshes, so the lease
    // only guards against two managers sharing this store.
    StoreResult result;
    const QString holder = m_leaseOwners.value(profile);
    if (!holder.isEmpty() && holder != owner)
        result.status = StoreResult::Status::Busy;
    else
        m_leaseOwners.insert(profile, owner);
    answer(context, callback, result);
}

void MemoryTokenStore::releaseLease(const QString &profile, const QString &owner)
{
    if (m_leaseOwners.value(profile) == owner)
        m_leaseOwners.remove(profile);
}

} // namespace Keyway
