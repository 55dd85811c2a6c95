#include "storekeycommand.h"

#include "console.h"

#include "store/storekeysource.h"

#include <QFile>
#include <QSaveFile>

#include <cstdio>

namespace Keyway::Cli {

StoreKeyCommand::StoreKeyCommand(StoreKeyArgs args, QObject *parent)
    : QObject(parent), m_args(std::move(args)), m_source(new StoreKeySource(this))
{
}

StoreKeyCommand::~StoreKeyCommand() = default;

void StoreKeyCommand::start()
{
    if (m_args.action == StoreKeyArgs::Action::Import) {
        importKey();
        return;
    }
    const bool exporting = m_args.action == StoreKeyArgs::Action::Export;
    // show never makes a key: a machine without one should say so, not get a new one.
    m_source->fetch(
        exporting ? StoreKeySource::IfMissing::Generate : StoreKeySource::IfMissing::Fail, this,
        [this, exporting](const StoreKeySource::Result &result) {
            if (!result.cipher) {
                fail(result.error);
                return;
            }
            const QString id = result.cipher->keyId();
            if (!exporting) {
                writeOut(id);
                Q_EMIT finished(0);
                return;
            }
            const QByteArray text = StoreCipher::encodeKey(result.key) + '\n';
            if (m_args.file.isEmpty() || m_args.file == QLatin1String("-")) {
                writeOut(text);
            } else {
                QSaveFile file(m_args.file);
                // Owner-only before the key is in it.
                if (!file.open(QIODevice::WriteOnly)
                    || !file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner)
                    || file.write(text) != text.size() || !file.commit()) {
                    fail(QStringLiteral("cannot write the store key to %1: %2")
                             .arg(m_args.file, file.errorString()));
                    return;
                }
            }
            writeErr(
                QStringLiteral("store key %1%2: keep it as secret as the "
                               "tokens it protects")
                    .arg(id, result.generated ? QStringLiteral(" (made just now)") : QString()));
            Q_EMIT finished(0);
        });
}

void StoreKeyCommand::importKey()
{
    QFile file;
    const bool fromStdin = m_args.file.isEmpty() || m_args.file == QLatin1String("-");
    const bool opened = fromStdin ? file.open(stdin, QIODevice::ReadOnly)
                                  : (file.setFileName(m_args.file), file.open(QIODevice::ReadOnly));
    if (!opened) {
        fail(QStringLiteral("cannot read the store key from %1: %2")
                 .arg(fromStdin ? QStringLiteral("standard input") : m_args.file,
                      file.errorString()));
        return;
    }
    // A key is 44 characters of base64; anything much longer is not one.
    const QByteArray text = file.read(4096);
    QString error;
    const auto key = StoreCipher::decodeKey(text, &error);
    if (!key) {
        fail(error);
        return;
    }
    const QString id = StoreCipher::keyIdOf(*key);
    m_source->store(*key, this, [this, id](const QString &problem) {
        if (!problem.isEmpty()) {
            fail(problem);
            return;
        }
        writeErr(QStringLiteral("store key %1 imported into this machine's keychain").arg(id));
        if (qEnvironmentVariableIsSet("KEYWAY_STORE_KEY"))
            writeErr(QStringLiteral("note: KEYWAY_STORE_KEY is set in this environment and is "
                                    "used instead of the keychain"));
        Q_EMIT finished(0);
    });
}

void StoreKeyCommand::fail(const QString &message)
{
    writeErr(QStringLiteral("keyway-cli: ") + message);
    Q_EMIT finished(1);
}

} // namespace Keyway::Cli
