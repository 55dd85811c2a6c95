#include "http/bodysource.h"

#include <QFile>
#include <QFileInfo>

namespace Keyway {

namespace {

// Hands out a device we do not own (the caller's stream) under the unique_ptr contract.
class BorrowedDevice final : public QIODevice
{
public:
    explicit BorrowedDevice(QIODevice *inner) : m_inner(inner)
    {
        open(QIODevice::ReadOnly);
        // A live source (socket, process) says when more arrives and when it is done.
        connect(inner, &QIODevice::readyRead, this, &QIODevice::readyRead);
        connect(inner, &QIODevice::readChannelFinished, this, &QIODevice::readChannelFinished);
    }
    bool isSequential() const override { return true; }
    qint64 bytesAvailable() const override
    {
        return (m_inner ? m_inner->bytesAvailable() : 0) + QIODevice::bytesAvailable();
    }
    bool atEnd() const override { return !m_inner || m_inner->atEnd(); }

protected:
    qint64 readData(char *data, qint64 maxSize) override
    {
        if (!m_inner)
            return -1;
        const qint64 read = m_inner->read(data, maxSize);
        // -1 is how a QIODevice says "end of data" to QNetworkAccessManager; 0 only "not yet".
        const bool ended = m_inner->isSequential() ? !m_inner->isOpen() : m_inner->atEnd();
        return read == 0 && ended ? -1 : read;
    }
    qint64 writeData(const char *, qint64) override { return -1; }

private:
    QPointer<QIODevice> m_inner;
};

} // namespace

BodySource BodySource::bytes(QByteArray data)
{
    BodySource body;
    body.m_kind = Kind::Bytes;
    body.m_bytes = std::move(data);
    return body;
}

BodySource BodySource::file(QString path)
{
    BodySource body;
    body.m_kind = Kind::File;
    body.m_path = std::move(path);
    return body;
}

BodySource BodySource::factory(Factory makeDevice)
{
    BodySource body;
    body.m_kind = Kind::Factory;
    body.m_factory = std::move(makeDevice);
    return body;
}

BodySource BodySource::stream(QIODevice *device)
{
    BodySource body;
    body.m_kind = Kind::Stream;
    body.m_stream = device;
    return body;
}

std::unique_ptr<QIODevice> BodySource::openForAttempt(QString *error) const
{
    switch (m_kind) {
    case Kind::None:
    case Kind::Bytes: return nullptr;
    case Kind::File: {
        auto file = std::make_unique<QFile>(m_path);
        if (!file->open(QIODevice::ReadOnly)) {
            *error =
                QStringLiteral("cannot read the body file %1: %2").arg(m_path, file->errorString());
            return nullptr;
        }
        return file;
    }
    case Kind::Factory: {
        auto device = m_factory ? m_factory() : nullptr;
        if (!device || (!device->isOpen() && !device->open(QIODevice::ReadOnly))) {
            *error = QStringLiteral("the body could not be produced for this attempt");
            return nullptr;
        }
        return device;
    }
    case Kind::Stream:
        if (!m_stream) {
            *error = QStringLiteral("the body stream is gone");
            return nullptr;
        }
        return std::make_unique<BorrowedDevice>(m_stream.data());
    }
    return nullptr;
}

qint64 BodySource::size() const
{
    switch (m_kind) {
    case Kind::None: return 0;
    case Kind::Bytes: return m_bytes.size();
    case Kind::File: return QFileInfo(m_path).size();
    case Kind::Stream:
        // A stream over a file or buffer knows what is left; a socket or pipe does not.
        return m_stream && !m_stream->isSequential() ? m_stream->size() - m_stream->pos() : -1;
    case Kind::Factory: return -1;
    }
    return -1;
}

} // namespace Keyway
