#pragma once

#include "http/request.h"

#include <QObject>
#include <QSet>

class QIODevice;

namespace Keyway {
class ApiCall;
class AuthorizedClient;
} // namespace Keyway

namespace Keyway::Cli {

// Sends `count` copies of one request with at most `concurrency` in flight at a time.
class Batch final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Batch)
public:
    Batch(AuthorizedClient *client, Request request, int count, int concurrency,
          QObject *parent = nullptr);

    void start();
    // Sends nothing more and cancels the calls in flight (each ends as cancelled and is
    // reported by callFinished); finished() follows.
    void abort();
    bool isFinished() const { return m_finished == m_count; }
    // Every call's final body goes to `sink` as it arrives (see AuthorizedClient::send).
    void setBodySink(QIODevice *sink) { m_sink = sink; }

Q_SIGNALS:
    // For each call as it finishes; the call is released once the handlers have run.
    void callFinished(const Keyway::ApiCall &call);
    void finished();

private:
    void sendNext();

    AuthorizedClient *m_client;
    Request m_request;
    int m_count;
    int m_concurrency;
    int m_sent = 0;
    int m_finished = 0;
    QIODevice *m_sink = nullptr;
    QSet<ApiCall *> m_calls; // in flight
};

} // namespace Keyway::Cli
