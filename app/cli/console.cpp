#include "console.h"

#include <cstdio>

namespace Keyway::Cli {

static void writeTo(FILE *stream, const QByteArray &bytes)
{
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stream);
    std::fflush(stream);
}

void writeOut(const QByteArray &bytes)
{
    writeTo(stdout, bytes);
}

void writeOut(const QString &line)
{
    writeTo(stdout, line.toUtf8() + '\n');
}

void writeErr(const QString &line)
{
    writeTo(stderr, line.toUtf8() + '\n');
}

} // namespace Keyway::Cli
