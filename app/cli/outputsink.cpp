#include "outputsink.h"

#include <unistd.h>

namespace Keyway::Cli {

OutputSink::OutputSink(const QString &path, QObject *parent)
    : QIODevice(parent),
      m_path(path == QLatin1String("-") ? QString() : path),
      m_file(m_path.isEmpty() ? nullptr : std::make_unique<QSaveFile>(m_path))
{
}

OutputSink::~OutputSink()
{
    if (m_file)
        m_file->cancelWriting();
}

QString OutputSink::open()
{
    if (m_file) {
        if (!m_file->open(QIODevice::WriteOnly))
            return QStringLiteral("-o %1: cannot write there (%2)")
                .arg(m_path, m_file->errorString());
    } else if (!m_stdout.open(STDOUT_FILENO, QIODevice::WriteOnly | QIODevice::Unbuffered,
                              QFileDevice::DontCloseHandle)) {
        return QStringLiteral("cannot write to standard output: ") + m_stdout.errorString();
    }
    QIODevice::open(QIODevice::WriteOnly | QIODevice::Unbuffered);
    return {};
}

QString OutputSink::commit()
{
    close();
    if (m_file) {
        if (!m_file->commit())
            return QStringLiteral("-o %1: the body could not be saved (%2)")
                .arg(m_path, m_file->errorString());
        return {};
    }
    // As a terminal shows it; a pipe or a redirect gets the bytes exactly as they came.
    if (m_written > 0 && m_last != '\n' && ::isatty(STDOUT_FILENO))
        m_stdout.write("\n", 1);
    return {};
}

void OutputSink::discard()
{
    close();
    if (m_file)
        m_file->cancelWriting();
}

qint64 OutputSink::readData(char *, qint64)
{
    return -1;
}

qint64 OutputSink::writeData(const char *data, qint64 size)
{
    QFileDevice &target = m_file ? static_cast<QFileDevice &>(*m_file) : m_stdout;
    const qint64 written = target.write(data, size);
    if (written != size) {
        setErrorString(target.errorString());
        return -1;
    }
    if (size > 0)
        m_last = data[size - 1];
    m_written += size;
    return size;
}

} // namespace Keyway::Cli
