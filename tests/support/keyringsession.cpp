#include "keyringsession.h"

#include "store/keychaintokenstore.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTest>

#include <csignal>
#include <sys/prctl.h>
#include <vector>

namespace Keyway::Test {

namespace {

// No service directories: nothing is started on demand, so a request that comes before our
// gnome-keyring owns org.freedesktop.secrets fails at once instead of launching a second
// daemon (with the user's keyrings and no password) or a graphical prompt.
QByteArray busConfig(const QString &socketDir)
{
    return QByteArrayLiteral("<!DOCTYPE busconfig PUBLIC "
                             "\"-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN\"\n"
                             " \"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\n"
                             "<busconfig>\n"
                             "  <type>session</type>\n"
                             "  <listen>unix:dir=")
        + QFile::encodeName(socketDir)
        + QByteArrayLiteral("</listen>\n"
                            "  <auth>EXTERNAL</auth>\n"
                            "  <policy context=\"default\">\n"
                            "    <allow send_destination=\"*\" eavesdrop=\"true\"/>\n"
                            "    <allow eavesdrop=\"true\"/>\n"
                            "    <allow own=\"*\"/>\n"
                            "  </policy>\n"
                            "</busconfig>\n");
}

// Holds a daemon's QProcess until this process exits, never deleted (see ~KeyringSession). Held
// through a global pointer, so LeakSanitizer sees it kept on purpose, not lost.
void keepUntilExit(std::unique_ptr<QProcess> process)
{
    static auto *const kept = new std::vector<QProcess *>;
    if (process)
        kept->push_back(process.release());
}

// The daemons end with the test process (PR_SET_PDEATHSIG), however it ends.
void endWithParent(QProcess &process)
{
    process.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGTERM); });
}

} // namespace

KeyringSession::KeyringSession() = default;

KeyringSession::~KeyringSession()
{
    // Deliberately left running until this process exits: GDBus (inside libsecret) raises
    // SIGTERM in a process whose session bus closes under it ("exit-on-close"), so stopping the
    // bus here would kill the test that is finishing. PR_SET_PDEATHSIG stops them afterwards.
    keepUntilExit(std::move(m_bus));
    keepUntilExit(std::move(m_keyring));
    for (auto &bus : m_extra)
        keepUntilExit(std::move(bus));
}

QString KeyringSession::log(const QString &name) const
{
    QFile file(m_dir.filePath(name));
    return file.open(QIODevice::ReadOnly) ? QString::fromLocal8Bit(file.readAll()) : QString();
}

bool KeyringSession::start(QString *error)
{
    if (!m_dir.isValid()) {
        *error = QStringLiteral("cannot create a temporary directory: ") + m_dir.errorString();
        return false;
    }
    m_bus = startBus(QStringLiteral("bus"), &m_address, error);
    if (!m_bus)
        return false;
    // libsecret (GDBus) and QtDBus read this when they first connect; children inherit it.
    qputenv("DBUS_SESSION_BUS_ADDRESS", m_address.toLocal8Bit());
    m_keyring = startKeyring(QStringLiteral("keyring"), m_address, QByteArray(Password), error);
    return m_keyring && waitUntilUsable(error);
}

void KeyringSession::killKeyring()
{
    if (!m_keyring)
        return;
    m_keyring->kill();
    m_keyring->waitForFinished(5000);
    m_keyring.reset();
}

bool KeyringSession::restartKeyring(QString *error)
{
    killKeyring();
    m_keyring = startKeyring(QStringLiteral("keyring"), m_address, QByteArray(Password), error);
    if (!m_keyring)
        return false;
    // Not probed through this process's keychain: that would reconnect libsecret before the code
    // under test meets the killed daemon's session. The daemon is there once it owns its name.
    const bool owned = QTest::qWaitFor(
        [this] {
            QProcess ask;
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), m_address);
            ask.setProcessEnvironment(env);
            ask.start(QStringLiteral("dbus-send"),
                      {QStringLiteral("--session"), QStringLiteral("--print-reply"),
                       QStringLiteral("--dest=org.freedesktop.DBus"),
                       QStringLiteral("/org/freedesktop/DBus"),
                       QStringLiteral("org.freedesktop.DBus.NameHasOwner"),
                       QStringLiteral("string:org.freedesktop.secrets")});
            return ask.waitForFinished(5000) && ask.readAllStandardOutput().contains("true");
        },
        15000);
    if (!owned)
        *error = QStringLiteral("the restarted gnome-keyring did not take its bus name: ")
            + log(QStringLiteral("keyring.log"));
    return owned;
}

std::unique_ptr<QProcess> KeyringSession::startBus(const QString &name, QString *address,
                                                   QString *error)
{
    const QString daemon = QStandardPaths::findExecutable(QStringLiteral("dbus-daemon"));
    if (daemon.isEmpty()) {
        *error = QStringLiteral("dbus-daemon is not installed (apt install dbus-daemon)");
        return nullptr;
    }
    QDir(m_dir.path()).mkpath(name);
    QFile config(m_dir.filePath(name + QStringLiteral(".conf")));
    if (!config.open(QIODevice::WriteOnly) || config.write(busConfig(m_dir.filePath(name))) < 0) {
        *error = QStringLiteral("cannot write ") + config.fileName();
        return nullptr;
    }
    config.close();
    auto bus = std::make_unique<QProcess>();
    endWithParent(*bus);
    bus->setStandardErrorFile(m_dir.filePath(name + QStringLiteral(".log")));
    bus->start(daemon,
               {QStringLiteral("--config-file=") + config.fileName(), QStringLiteral("--nofork"),
                QStringLiteral("--print-address=1")});
    QByteArray printed;
    const bool up = QTest::qWaitFor(
        [&] {
            printed += bus->readAllStandardOutput();
            return printed.contains('\n') || bus->state() == QProcess::NotRunning;
        },
        10000);
    if (!up || !printed.contains('\n')) {
        *error = QStringLiteral("dbus-daemon did not start: ") + log(name + QStringLiteral(".log"));
        return nullptr;
    }
    *address = QString::fromLocal8Bit(printed.left(printed.indexOf('\n')).trimmed());
    return bus;
}

QString KeyringSession::startBareBus(QString *error)
{
    QString address;
    auto bus = startBus(QStringLiteral("bare%1").arg(m_extra.size()), &address, error);
    if (!bus)
        return {};
    m_extra.push_back(std::move(bus));
    return address;
}

std::unique_ptr<QProcess> KeyringSession::startKeyring(const QString &name, const QString &address,
                                                       const QByteArray &password, QString *error)
{
    const QString daemon = QStandardPaths::findExecutable(QStringLiteral("gnome-keyring-daemon"));
    if (daemon.isEmpty()) {
        *error =
            QStringLiteral("gnome-keyring-daemon is not installed (apt install gnome-keyring)");
        return nullptr;
    }
    QDir dir(m_dir.filePath(name));
    for (const char *sub : {"home", "data", "config", "cache", "runtime", "control"})
        dir.mkpath(QString::fromLatin1(sub));
    QFile::setPermissions(dir.filePath(QStringLiteral("runtime")),
                          QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    // The keyrings live in the temporary directory, never in the user's ~/.local/share/keyrings.
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), address);
    env.insert(QStringLiteral("HOME"), dir.filePath(QStringLiteral("home")));
    env.insert(QStringLiteral("XDG_DATA_HOME"), dir.filePath(QStringLiteral("data")));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), dir.filePath(QStringLiteral("config")));
    env.insert(QStringLiteral("XDG_CACHE_HOME"), dir.filePath(QStringLiteral("cache")));
    env.insert(QStringLiteral("XDG_RUNTIME_DIR"), dir.filePath(QStringLiteral("runtime")));
    env.remove(QStringLiteral("DISPLAY"));
    env.remove(QStringLiteral("WAYLAND_DISPLAY"));
    auto keyring = std::make_unique<QProcess>();
    endWithParent(*keyring);
    keyring->setProcessEnvironment(env);
    keyring->setProcessChannelMode(QProcess::MergedChannels);
    keyring->setStandardOutputFile(m_dir.filePath(name + QStringLiteral(".log")));
    // --unlock reads the password from stdin and creates the "login" keyring with it when there
    // is none; that keyring becomes the default collection, unlocked. With an existing login
    // keyring and another password, it stays locked.
    keyring->start(
        daemon,
        {QStringLiteral("--foreground"), QStringLiteral("--unlock"),
         QStringLiteral("--components=secrets"),
         QStringLiteral("--control-directory=") + dir.filePath(QStringLiteral("control"))});
    if (!keyring->waitForStarted(10000)) {
        *error = QStringLiteral("gnome-keyring-daemon did not start: ") + keyring->errorString();
        return nullptr;
    }
    keyring->write(password + '\n');
    keyring->closeWriteChannel();
    return keyring;
}

QString KeyringSession::startLockedKeyring(QString *error)
{
    const QString name = QStringLiteral("locked%1").arg(m_extra.size());
    const QString keyrings = QStringLiteral("/data/keyrings");
    QDir().mkpath(m_dir.filePath(name + keyrings));
    const QString login = QStringLiteral("/login.keyring");
    if (!QFile::copy(m_dir.filePath(QStringLiteral("keyring") + keyrings + login),
                     m_dir.filePath(name + keyrings + login))) {
        *error = QStringLiteral("the session's login keyring cannot be copied");
        return {};
    }
    QString address;
    auto bus = startBus(name + QStringLiteral("-bus"), &address, error);
    if (!bus)
        return {};
    m_extra.push_back(std::move(bus));
    auto keyring = startKeyring(name, address, QByteArrayLiteral("not-the-password"), error);
    if (!keyring)
        return {};
    m_extra.push_back(std::move(keyring));
    return address;
}

bool KeyringSession::waitUntilUsable(QString *error)
{
    // The daemon claims its bus name a moment after it starts: store and remove a probe entry
    // until that works, which also proves the default collection exists and is unlocked.
    KeychainTokenStore probe(QStringLiteral("keyway-test-probe"),
                             m_dir.filePath(QStringLiteral("probe")));
    TokenSet tokens;
    tokens.accessToken = QStringLiteral("probe");
    tokens.generation = 1;
    QString last;
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < 15000) {
        if (m_keyring->state() == QProcess::NotRunning) {
            *error = QStringLiteral("gnome-keyring-daemon exited: ")
                + log(QStringLiteral("keyring.log"));
            return false;
        }
        std::optional<StoreResult> stored;
        QObject context;
        probe.compareAndSwap(QStringLiteral("probe"), 0, tokens, &context,
                             [&stored](const StoreResult &result) { stored = result; });
        if (!QTest::qWaitFor([&] { return stored.has_value(); }, 10000)) {
            last = QStringLiteral("no answer from the keychain");
            continue;
        }
        if (stored->ok() || stored->status == StoreResult::Status::Conflict) {
            std::optional<StoreResult> cleared;
            probe.clear(QStringLiteral("probe"), &context,
                        [&cleared](const StoreResult &result) { cleared = result; });
            if (QTest::qWaitFor([&] { return cleared.has_value(); }, 10000) && cleared->ok())
                return true;
            last = cleared ? cleared->message : QStringLiteral("no answer from the keychain");
        } else {
            last = stored->message;
        }
        QTest::qWait(100);
    }
    *error = QStringLiteral("the private gnome-keyring did not become usable: ") + last
        + QLatin1Char('\n') + log(QStringLiteral("keyring.log"));
    return false;
}

} // namespace Keyway::Test
