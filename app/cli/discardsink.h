#pragma once

#include <QIODevice>

namespace Keyway::Cli {

// Takes a body and keeps none of it: where `send --count N` sends many copies of one request,
// only their outcomes are reported, so their bodies pass through (counted by each call) instead
// of being held in memory until the call ends, which for large answers would cost their size
// times the calls in flight, and refuse any over the in-memory limit.
class DiscardSink final : public QIODevice
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DiscardSink)
public:
    explicit DiscardSink(QObject *parent = nullptr);

protected:
    qint64 readData(char *data, qint64 maxSize) override;
    qint64 writeData(const char *data, qint64 size) override;
};

} // namespace Keyway::Cli
