#pragma once

#include <QString>
#include <QTemporaryDir>

#include <memory>
#include <vector>

class QProcess;

namespace Keyway::Test {

// A private D-Bus session bus with its own unlocked gnome-keyring, for tests that need a real
// Secret Service: never the user's keyrings, and not shared with other test runs on the machine.
class KeyringSession
{
    Q_DISABLE_COPY_MOVE(KeyringSession)
public:
    static constexpr const char *Password = "keyway-test";

    KeyringSession();
    ~KeyringSession();

    // Starts both daemons, points this process and the processes it starts at the new bus, and
    // waits until the keyring stores and returns a secret. Call before anything uses D-Bus: a
    // process keeps the session bus it connected to first.
    bool start(QString *error);
    QString busAddress() const { return m_address; }
    // SIGKILLs this session's gnome-keyring (a crash, as its clients see it); the bus stays.
    void killKeyring();
    // Starts it again on the same bus, over the same keyring files, unlocked with the same
    // password; waits until it owns the Secret Service's bus name.
    bool restartKeyring(QString *error);
    // Another private bus with nothing on it (no Secret Service); empty on failure.
    QString startBareBus(QString *error);
    // Another private bus with a gnome-keyring whose login keyring (a copy of this session's)
    // stays locked: it was unlocked with the wrong password. Empty on failure.
    QString startLockedKeyring(QString *error);

private:
    std::unique_ptr<QProcess> startBus(const QString &name, QString *address, QString *error);
    std::unique_ptr<QProcess> startKeyring(const QString &name, const QString &address,
                                           const QByteArray &password, QString *error);
    bool waitUntilUsable(QString *error);
    QString log(const QString &name) const;

    QTemporaryDir m_dir;
    QString m_address;
    std::unique_ptr<QProcess> m_bus;
    std::unique_ptr<QProcess> m_keyring;
    std::vector<std::unique_ptr<QProcess>> m_extra;
};

} // namespace Keyway::Test
