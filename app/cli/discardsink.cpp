#include "discardsink.h"

namespace Keyway::Cli {

DiscardSink::DiscardSink(QObject *parent) : QIODevice(parent)
{
    open(QIODevice::WriteOnly | QIODevice::Unbuffered);
}

qint64 DiscardSink::readData(char *, qint64)
{
    return -1; // write-only
}

qint64 DiscardSink::writeData(const char *, qint64 size)
{
    return size;
}

} // namespace Keyway::Cli
