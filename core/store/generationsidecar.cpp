#include "store/generationsidecar.h"

#include "collection/atomicfile.h"
#include "log/logging.h"
#include "store/profilelock.h"

#include <QDir>
#include <QFile>
#include <QUrl>

namespace Keyway {

namespace {

const QLatin1String Suffix(".generation");

// A generation file holds at most 20 digits and a newline; anything else is not ours.
std::optional<quint64> readGeneration(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    const QByteArray text = file.read(64).trimmed();
    bool ok = false;
    const quint64 generation = text.toULongLong(&ok);
    return ok ? std::optional<quint64>(generation) : std::nullopt;
}

} // namespace

GenerationSidecar::GenerationSidecar(const QString &dataDir, QObject *parent)
    : QObject(parent), m_dataDir(dataDir)
{
    if (!QDir().mkpath(m_dataDir))
        qCWarning(lcStore) << "cannot create the data dir" << m_dataDir
                           << "; other processes will not hear of new tokens at once";
    // Remember what is there now, so that only later changes are reported.
    const QStringList names =
        QDir(m_dataDir).entryList({QStringLiteral("*") + Suffix}, QDir::Files | QDir::Hidden);
    for (const QString &name : names) {
        if (const auto generation = readGeneration(QDir(m_dataDir).filePath(name)))
            m_seen.insert(name, *generation);
    }
    // writeFileAtomically replaces the file by a rename, which ends a watch on the old file: the
    // directory watch sees the rename, the file watches catch in-place writes by other tools.
    m_watcher.addPath(m_dataDir);
    watchFiles();
    connect(&m_watcher, &QFileSystemWatcher::directoryChanged, this, &GenerationSidecar::rescan);
    connect(&m_watcher, &QFileSystemWatcher::fileChanged, this, &GenerationSidecar::rescan);
}

GenerationSidecar::~GenerationSidecar() = default;

QString GenerationSidecar::pathFor(const QString &profile) const
{
    return QDir(m_dataDir).filePath(ProfileLock::fileStem(profile) + Suffix);
}

bool GenerationSidecar::write(const QString &profile, quint64 generation, QString *error)
{
    const QString path = pathFor(profile);
    if (const QString why = writeFileAtomically(path, QByteArray::number(generation) + '\n');
        !why.isEmpty()) {
        *error = QStringLiteral("cannot write %1 (%2)").arg(QDir::toNativeSeparators(path), why);
        return false;
    }
    m_seen.insert(QFileInfo(path).fileName(), generation);
    watchFiles();
    return true;
}

std::optional<quint64> GenerationSidecar::read(const QString &profile) const
{
    return readGeneration(pathFor(profile));
}

void GenerationSidecar::rescan()
{
    const QStringList names =
        QDir(m_dataDir).entryList({QStringLiteral("*") + Suffix}, QDir::Files | QDir::Hidden);
    for (const QString &name : names) {
        const auto generation = readGeneration(QDir(m_dataDir).filePath(name));
        if (!generation)
            continue;
        const auto seen = m_seen.constFind(name);
        if (seen != m_seen.constEnd() && *seen == *generation)
            continue;
        m_seen.insert(name, *generation);
        const QString profile = QUrl::fromPercentEncoding(name.chopped(Suffix.size()).toLatin1());
        Q_EMIT changed(profile, *generation);
    }
    watchFiles();
}

void GenerationSidecar::watchFiles()
{
    const QStringList watched = m_watcher.files();
    const QStringList names =
        QDir(m_dataDir).entryList({QStringLiteral("*") + Suffix}, QDir::Files | QDir::Hidden);
    for (const QString &name : names) {
        const QString path = QDir(m_dataDir).filePath(name);
        if (!watched.contains(path))
            m_watcher.addPath(path);
    }
}

} // namespace Keyway
