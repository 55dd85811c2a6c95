#include "democommand.h"

#include "batch.h"
#include "console.h"
#include "session.h"

#include "auth/tokenmanager.h"
#include "http/apicall.h"
#include "http/authorizedclient.h"
#include "log/eventlog.h"
#include "sandbox/sandbox.h"

namespace Keyway::Cli {

DemoCommand::DemoCommand(DemoArgs args, QObject *parent) : QObject(parent), m_args(args) { }

DemoCommand::~DemoCommand() = default;

void DemoCommand::start()
{
    m_clock.start();
    m_sandbox = std::make_unique<Sandbox>();
    QString error;
    if (!m_sandbox->start(&error)) {
        fail(QStringLiteral("the sandbox could not start: ") + error);
        return;
    }
    const SandboxConfig &config = m_sandbox->config();
    Profile profile;
    profile.name = QStringLiteral("demo");
    profile.tokenUrl = m_sandbox->tokenUrl();
    profile.clientId = config.clientId;
    profile.clientSecret = config.clientSecret;
    profile.grant = GrantType::Password;
    profile.username = config.username;
    profile.password = config.password;
    m_session = std::make_unique<Session>(profile);
    connect(m_session->events(), &EventLog::posted, this, [this](const Event &event) {
        writeOut(QStringLiteral("  %1s  %2")
                     .arg(double(m_clock.elapsed()) / 1000.0, 7, 'f', 3)
                     .arg(event.toLogLine()));
        if (m_tallying)
            m_summary.addEvent(event);
    });

    writeOut(QStringLiteral("Keyway demo: a local OAuth 2.0 server and API at %1\n"
                            "(client '%2', user '%3'; tokens appear only as fingerprints)")
                 .arg(m_sandbox->baseUrl().toString(), config.clientId, config.username));
    signIn();
}

void DemoCommand::step(const QString &text)
{
    writeOut(QStringLiteral("\n%1. %2").arg(++m_step).arg(text));
}

void DemoCommand::signIn()
{
    step(QStringLiteral("Sign in with the password grant"));
    m_session->tokens()->signIn(this, [this](const TokenError *error) {
        if (error)
            fail(QStringLiteral("the sign-in failed: ") + error->message);
        else
            sendOne();
    });
}

void DemoCommand::sendOne()
{
    step(QStringLiteral("One request with the fresh token"));
    ApiCall *call = m_session->client()->send(
        Request(QByteArrayLiteral("GET"), m_sandbox->apiUrl(QStringLiteral("/api/items"))));
    connect(call, &ApiCall::finished, this, [this, call] {
        call->deleteLater();
        if (!call->isSuccess()) {
            fail(QStringLiteral("the first request failed: %1")
                     .arg(call->errorString().isEmpty()
                              ? QStringLiteral("HTTP %1").arg(call->httpStatus())
                              : call->errorString()));
            return;
        }
        expireAndSendMany();
    });
}

void DemoCommand::expireAndSendMany()
{
    step(QStringLiteral("The server expires every access token; the client does not know yet"));
    m_sandbox->expireAllTokens();
    m_sandbox->resetCounters();
    step(QStringLiteral("%1 requests at once: each is rejected, one refresh serves them all, and "
                        "each is replayed")
             .arg(m_args.count));
    auto *batch = new Batch(
        m_session->client(),
        Request(QByteArrayLiteral("GET"), m_sandbox->apiUrl(QStringLiteral("/api/items"))),
        m_args.count, m_args.count, this);
    connect(batch, &Batch::callFinished, this,
            [this](const ApiCall &call) { m_summary.addCall(call); });
    connect(batch, &Batch::finished, this, &DemoCommand::conclude);
    m_tallying = true;
    m_wall.start();
    batch->start();
}

void DemoCommand::conclude()
{
    m_tallying = false;
    m_summary.setWallMs(m_wall.elapsed());
    const SandboxCounters counters = m_sandbox->counters();
    writeOut(QStringLiteral("\nThe server saw %1 refresh grant(s) and %2 API requests (%3 rejected "
                            "as expired).")
                 .arg(counters.refreshGrants)
                 .arg(counters.apiHits)
                 .arg(counters.sent401 + counters.sent403));
    writeOut(m_summary.toText());
    Q_EMIT finished(m_summary.allSucceeded() ? 0 : 1);
}

void DemoCommand::fail(const QString &message)
{
    writeErr(QStringLiteral("keyway-cli demo: ") + message);
    Q_EMIT finished(1);
}

} // namespace Keyway::Cli
