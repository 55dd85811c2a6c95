#pragma once

#include <QFileSystemWatcher>
#include <QHash>
#include <QObject>

#include <optional>

namespace Keyway {

// Tells the processes that share a data dir that a profile has a new token generation: the
// decimal generation alone (never a secret) in <dataDir>/<profile>.generation, replaced
// atomically, and a file system watcher that reports other writers' generations.
class GenerationSidecar final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GenerationSidecar)
public:
    explicit GenerationSidecar(const QString &dataDir, QObject *parent = nullptr);
    ~GenerationSidecar() override;

    // Replaces the profile's generation file. This instance does not report its own write.
    bool write(const QString &profile, quint64 generation, QString *error);
    std::optional<quint64> read(const QString &profile) const;

Q_SIGNALS:
    // Another writer stored `generation` for `profile`.
    void changed(const QString &profile, quint64 generation);

private:
    QString pathFor(const QString &profile) const;
    void rescan();
    void watchFiles();

    QString m_dataDir;
    QFileSystemWatcher m_watcher;
    QHash<QString, quint64> m_seen; // by file name: the last generation read or written
};

} // namespace Keyway
