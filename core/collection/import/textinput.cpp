#include "collection/import/textinput.h"

#include <QJsonParseError>

namespace Keyway::ImportDetail {

namespace {

bool isContinuation(unsigned char byte)
{
    return (byte & 0xC0) == 0x80;
}

QByteArrayView withoutBom(const QByteArray &bytes)
{
    QByteArrayView view(bytes);
    if (view.startsWith("\xEF\xBB\xBF"))
        view = view.sliced(3);
    return view;
}

} // namespace

QString lineColumn(const QByteArray &bytes, qsizetype offset)
{
    offset = qBound(qsizetype(0), offset, bytes.size());
    qsizetype line = 1;
    qsizetype lineStart = 0;
    for (qsizetype i = 0; i < offset; ++i) {
        if (bytes.at(i) == '\n') {
            ++line;
            lineStart = i + 1;
        }
    }
    qsizetype column = 1;
    for (qsizetype i = lineStart; i < offset; ++i) {
        if (!isContinuation(static_cast<unsigned char>(bytes.at(i))))
            ++column;
    }
    return QStringLiteral("%1:%2").arg(line).arg(column);
}

qsizetype invalidUtf8Offset(const QByteArray &bytes)
{
    const auto *data = reinterpret_cast<const unsigned char *>(bytes.constData());
    const qsizetype size = bytes.size();
    qsizetype i = 0;
    while (i < size) {
        const unsigned char lead = data[i];
        if (lead < 0x80) {
            ++i;
            continue;
        }
        int length = 0;
        char32_t codePoint = 0;
        if ((lead & 0xE0) == 0xC0) {
            length = 2;
            codePoint = lead & 0x1F;
        } else if ((lead & 0xF0) == 0xE0) {
            length = 3;
            codePoint = lead & 0x0F;
        } else if ((lead & 0xF8) == 0xF0) {
            length = 4;
            codePoint = lead & 0x07;
        } else {
            return i;
        }
        if (i + length > size)
            return i;
        for (int k = 1; k < length; ++k) {
            if (!isContinuation(data[i + k]))
                return i;
            codePoint = (codePoint << 6) | (data[i + k] & 0x3F);
        }
        // Overlong forms, UTF-16 surrogates and values past U+10FFFF are not UTF-8 (RFC 3629).
        static constexpr char32_t minimum[] = {0, 0, 0x80, 0x800, 0x10000};
        if (codePoint < minimum[length] || codePoint > 0x10FFFF
            || (codePoint >= 0xD800 && codePoint <= 0xDFFF))
            return i;
        i += length;
    }
    return -1;
}

void checkInput(const QByteArray &bytes)
{
    if (bytes.size() > MaxImportBytes) {
        throw ImportFailure {QString(),
                             QStringLiteral("the file is %1 MB; imports read at most %2 MB")
                                 .arg(bytes.size() / (1024 * 1024))
                                 .arg(MaxImportBytes / (1024 * 1024))};
    }
    const qsizetype bad = invalidUtf8Offset(bytes);
    if (bad >= 0) {
        throw ImportFailure {lineColumn(bytes, bad),
                             QStringLiteral("the file is not valid UTF-8 (byte 0x%1 at offset %2); "
                                            "save it as UTF-8 and import it again")
                                 .arg(static_cast<unsigned char>(bytes.at(bad)), 2, 16,
                                      QLatin1Char('0'))
                                 .arg(bad)};
    }
}

QString decodeText(const QByteArray &bytes)
{
    const QByteArrayView view = withoutBom(bytes);
    return QString::fromUtf8(view.data(), view.size());
}

QJsonDocument parseJson(const QByteArray &bytes)
{
    const QByteArrayView view = withoutBom(bytes);
    QJsonParseError error;
    // fromJson needs a QByteArray; the copy is only taken when a BOM was cut off.
    const QJsonDocument document = QJsonDocument::fromJson(
        view.size() == bytes.size() ? bytes : view.toByteArray(), &error);
    if (error.error == QJsonParseError::NoError)
        return document;
    const qsizetype offset = error.offset + (bytes.size() - view.size());
    QString message = error.errorString();
    if (error.error == QJsonParseError::DeepNesting)
        message = QStringLiteral("the JSON nests deeper than the 1024 levels an import reads");
    throw ImportFailure {lineColumn(bytes, offset),
                         QStringLiteral("not valid JSON: %1").arg(message)};
}

} // namespace Keyway::ImportDetail
