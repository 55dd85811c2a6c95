#pragma once

// What the fuzz targets share: the fuzzer's bytes as Qt types, and a way to cut them into the
// several inputs a parser takes (a header line and a body, variables and a text).

#include <QByteArray>
#include <QFile>
#include <QList>

#include <cstddef>
#include <cstdint>

namespace Keyway::Fuzz {

inline QByteArray bytes(const uint8_t *data, size_t size)
{
    return QByteArray(reinterpret_cast<const char *>(data), qsizetype(size));
}

// The input up to the first newline, and the rest; both whole input when there is none.
struct Split
{
    QByteArray head;
    QByteArray tail;
};

inline Split splitFirstLine(const QByteArray &input)
{
    const qsizetype newline = input.indexOf('\n');
    if (newline < 0)
        return {input, input};
    return {input.left(newline), input.mid(newline + 1)};
}

// For the targets whose parser reads files (folder formats): the input as one file's content.
inline void writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    if (file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        file.write(bytes);
}

} // namespace Keyway::Fuzz
