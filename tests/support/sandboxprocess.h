#pragma once

#include "auth/profile.h"

#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QUrl>

namespace Keyway::Test {

// The keyway-sandbox executable in a process of its own, for tests and benchmarks where the
// server's work (or memory) must not be counted against the client's.
class SandboxProcess
{
public:
    ~SandboxProcess();

    // Starts build/.../bin/keyway-sandbox with `arguments` and waits for its ready line.
    bool start(const QStringList &arguments = {}, QString *error = nullptr);
    QUrl url(const QString &pathAndQuery) const;
    // A password-grant profile for the sandbox's demo client.
    Profile profile() const;
    // The token endpoint's raw answer to the password grant of profile(), obtained as another
    // tool would; empty when the grant failed.
    QByteArray passwordGrantResponse() const;
    // Its access token; empty when the grant failed.
    QString accessToken() const;
    // Calls an admin route (e.g. "POST", "/admin/expire") and returns its JSON answer.
    QJsonObject admin(const QByteArray &method, const QString &pathAndQuery);

private:
    QProcess m_process;
    QUrl m_base;
    QNetworkAccessManager m_network;
};

// Resident set size of this process and its peak, from /proc/self/status, in KiB.
qint64 residentKb();
qint64 peakResidentKb();
// Starts the peak over from the current resident size (Linux: /proc/self/clear_refs), so that a
// test measures its own peak; false when the kernel does not allow it.
bool resetPeakResident();

} // namespace Keyway::Test
