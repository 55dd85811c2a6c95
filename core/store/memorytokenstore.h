#pragma once

#include "store/tokenstore.h"

#include <QHash>

namespace Keyway {

// Tokens in this process's memory only: for tests and one-shot CLI runs. Nothing is written to
// disk, and everything is gone when the process ends.
class MemoryTokenStore final : public TokenStore
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MemoryTokenStore)
public:
    explicit MemoryTokenStore(QObject *parent = nullptr);

    QString describe() const override;
    void load(const QString &profile, QObject *context, Callback callback) override;
    void compareAndSwap(const QString &profile, quint64 expectedGeneration, const TokenSet &next,
                        QObject *context, Callback callback) override;
    void clear(const QString &profile, QObject *context, Callback callback) override;
    void acquireLease(const QString &profile, const QString &owner, qint64 ttlMs, QObject *context,
                      Callback callback) override;
    void releaseLease(const QString &profile, const QString &owner) override;

private:
    QHash<QString, TokenSet> m_tokens;
    QHash<QString, QString> m_leaseOwners;
};

} // namespace Keyway
