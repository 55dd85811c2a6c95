#include "collection/multipartbody.h"

#include <QFile>
#include <QFileInfo>
#include <QUuid>

#include <memory>
#include <vector>

namespace Keyway {

namespace {

struct Segment
{
    QByteArray bytes;
    QString filePath; // when set, the segment is this file's content
    qint64 size = 0;
};

// Reads its segments one after the other; random access, so QNetworkAccessManager knows the
// Content-Length and can rewind for its own retries.
class ConcatDevice final : public QIODevice
{
public:
    explicit ConcatDevice(std::shared_ptr<const std::vector<Segment>> segments)
        : m_segments(std::move(segments))
    {
        for (const Segment &s : *m_segments)
            m_total += s.size;
    }

    bool open(OpenMode mode) override
    {
        for (const Segment &s : *m_segments) {
            if (!s.filePath.isEmpty()) {
                auto file = std::make_unique<QFile>(s.filePath);
                if (!file->open(QIODevice::ReadOnly)) {
                    setErrorString(
                        QStringLiteral("cannot open %1: %2").arg(s.filePath, file->errorString()));
                    return false;
                }
                m_files.push_back(std::move(file));
            } else {
                m_files.push_back(nullptr);
            }
        }
        return QIODevice::open(mode);
    }
    bool isSequential() const override { return false; }
    qint64 size() const override { return m_total; }

protected:
    qint64 readData(char *data, qint64 maxSize) override
    {
        qint64 at = pos(), done = 0, start = 0;
        for (size_t i = 0; i < m_segments->size() && done < maxSize; ++i) {
            const Segment &s = (*m_segments)[i];
            const qint64 end = start + s.size;
            if (at < end) {
                const qint64 offset = at - start;
                const qint64 n = std::min(maxSize - done, s.size - offset);
                if (s.filePath.isEmpty()) {
                    memcpy(data + done, s.bytes.constData() + offset, size_t(n));
                } else {
                    QFile &file = *m_files[i];
                    if (!file.seek(offset) || file.read(data + done, n) != n)
                        return -1; // the file shrank while it was sent
                }
                done += n;
                at += n;
            }
            start = end;
        }
        return done;
    }
    qint64 writeData(const char *, qint64) override { return -1; }

private:
    std::shared_ptr<const std::vector<Segment>> m_segments;
    std::vector<std::unique_ptr<QFile>> m_files;
    qint64 m_total = 0;
};

QByteArray quoted(const QString &text)
{
    // RFC 7578 §4.2: the name is a quoted-string; quotes and line breaks are percent-encoded as
    // browsers do.
    QByteArray out = text.toUtf8();
    out.replace('"', "%22").replace('\r', "%0D").replace('\n', "%0A");
    return '"' + out + '"';
}

} // namespace

MultipartBody makeMultipartBody(const QList<MultipartField> &fields)
{
    const QByteArray boundary = "keyway-" + QUuid::createUuid().toByteArray(QUuid::Id128);
    auto segments = std::make_shared<std::vector<Segment>>();
    const auto text = [&segments](QByteArray bytes) {
        const qint64 n = bytes.size();
        segments->push_back({std::move(bytes), {}, n});
    };
    for (const MultipartField &field : fields) {
        QByteArray head =
            "--" + boundary + "\r\nContent-Disposition: form-data; name=" + quoted(field.name);
        if (!field.filePath.isEmpty()) {
            head += "; filename=" + quoted(QFileInfo(field.filePath).fileName());
            head += "\r\nContent-Type: "
                + (field.contentType.isEmpty() ? QByteArray("application/octet-stream")
                                               : field.contentType.toUtf8());
            text(head + "\r\n\r\n");
            segments->push_back({{}, field.filePath, QFileInfo(field.filePath).size()});
            text("\r\n");
        } else {
            if (!field.contentType.isEmpty())
                head += "\r\nContent-Type: " + field.contentType.toUtf8();
            text(head + "\r\n\r\n" + field.value + "\r\n");
        }
    }
    text("--" + boundary + "--\r\n");
    std::shared_ptr<const std::vector<Segment>> frozen = segments;
    MultipartBody out;
    out.contentType = "multipart/form-data; boundary=" + boundary;
    out.body = BodySource::factory([frozen]() -> std::unique_ptr<QIODevice> {
        auto device = std::make_unique<ConcatDevice>(frozen);
        if (!device->open(QIODevice::ReadOnly))
            return nullptr;
        return device;
    });
    return out;
}

} // namespace Keyway
