#pragma once

#include "cliargs.h"

#include <QObject>

namespace Keyway {
class StoreKeySource;
}

namespace Keyway::Cli {

// `keyway-cli store key show|export|import`: the key that encrypts tokens in Redis, in this
// machine's keychain (or KEYWAY_STORE_KEY). Emits finished() once: 0 when done, 1 otherwise.
// The key itself is written only by export, and only where it was asked to go.
class StoreKeyCommand final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StoreKeyCommand)
public:
    explicit StoreKeyCommand(StoreKeyArgs args, QObject *parent = nullptr);
    ~StoreKeyCommand() override;

    void start();

Q_SIGNALS:
    void finished(int exitCode);

private:
    void importKey();
    void fail(const QString &message);

    StoreKeyArgs m_args;
    StoreKeySource *m_source;
};

} // namespace Keyway::Cli
