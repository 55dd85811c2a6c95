#pragma once

#include <QByteArray>
#include <QIODevice>
#include <QPointer>
#include <QString>

#include <functional>
#include <memory>

namespace Keyway {

// Where a request's body comes from. Every attempt gets a fresh device, so that a replay after a
// refresh sends the same body again; a file is re-opened rather than held in memory.
class BodySource
{
public:
    enum class Kind {
        None,
        Bytes, // replayed as is
        File, // re-opened for each attempt
        Factory, // a fresh device for each attempt (e.g. multipart)
        Stream, // one-shot: sent once, never replayed
    };
    using Factory = std::function<std::unique_ptr<QIODevice>()>;

    BodySource() = default;
    static BodySource bytes(QByteArray data);
    static BodySource file(QString path);
    static BodySource factory(Factory makeDevice);
    // The device must stay alive until the call finishes; it is read once.
    static BodySource stream(QIODevice *device);

    Kind kind() const { return m_kind; }
    bool isEmpty() const { return m_kind == Kind::None; }
    bool isReplayable() const { return m_kind != Kind::Stream; }
    const QByteArray &data() const { return m_bytes; }
    const QString &filePath() const { return m_path; }

    // The device for one attempt (nullptr for None and Bytes, which are sent from data()).
    // On failure returns nullptr and says why in *error.
    std::unique_ptr<QIODevice> openForAttempt(QString *error) const;
    // -1 when unknown.
    qint64 size() const;

private:
    Kind m_kind = Kind::None;
    QByteArray m_bytes;
    QString m_path;
    Factory m_factory;
    QPointer<QIODevice> m_stream;
};

} // namespace Keyway
