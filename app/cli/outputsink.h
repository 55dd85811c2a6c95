#pragma once

#include <QFile>
#include <QIODevice>
#include <QSaveFile>

#include <memory>

namespace Keyway::Cli {

// Where `send` writes the answer's body as it arrives: standard output, or `-o FILE`, which is
// replaced only by a complete answer (written beside it and renamed, so a failed download leaves
// the file as it was).
class OutputSink final : public QIODevice
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OutputSink)
public:
    // `path` empty or "-": standard output.
    explicit OutputSink(const QString &path, QObject *parent = nullptr);
    ~OutputSink() override;

    // Returns an error message naming the file, empty when it can be written.
    QString open();
    // The body is complete: a file is put in place, and on a terminal a body that does not end
    // a line gets a newline. Returns an error message, empty when fine.
    QString commit();
    // The answer failed: a file is left as it was.
    void discard();

    bool isFile() const { return m_file != nullptr; }
    QString path() const { return m_path; }
    qint64 written() const { return m_written; }

protected:
    qint64 readData(char *data, qint64 maxSize) override;
    qint64 writeData(const char *data, qint64 size) override;

private:
    QString m_path;
    QFile m_stdout;
    std::unique_ptr<QSaveFile> m_file;
    qint64 m_written = 0;
    char m_last = '\n';
};

} // namespace Keyway::Cli
