#include "store/keychainproblem.h"

namespace Keyway {

// libsecret's and GDBus's messages say more than the code: most failures arrive as OtherError.
QString keychainProblem(const QString &otherwise, QKeychain::Error code, const QString &detail)
{
    const auto says = [&detail](const char *text) {
        return detail.contains(QLatin1String(text), Qt::CaseInsensitive);
    };
    const QString because = detail.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(detail);
    const bool noBus = says("Could not connect") || says("autolaunch")
        || says("D-Bus is not running") || says("DBUS_SESSION_BUS_ADDRESS") || says("message bus");
    const bool noService = code == QKeychain::NoBackendAvailable || says("ServiceUnknown")
        || says("not provided by any") || says("org.freedesktop.secrets")
        || says("No keychain service");
    if (noBus) {
        return QStringLiteral("no D-Bus session bus%1: run Keyway in a desktop session (or start "
                              "one with dbus-run-session and gnome-keyring-daemon --unlock), %2")
            .arg(because, otherwise);
    }
    if (noService) {
        return QStringLiteral("no Secret Service on the D-Bus session bus%1: start gnome-keyring "
                              "or KWallet, %2")
            .arg(because, otherwise);
    }
    if (code == QKeychain::AccessDeniedByUser || says("dismissed") || says("cancel")) {
        return QStringLiteral("access to the keyring was refused at its prompt%1: allow Keyway "
                              "when the keyring asks, %2")
            .arg(because, otherwise);
    }
    if (code == QKeychain::AccessDenied || says("locked")) {
        return QStringLiteral("the keyring is locked or refused access%1: unlock it (log in to "
                              "the desktop, or unlock the \"login\" keyring in Seahorse), %2")
            .arg(because, otherwise);
    }
    if (code == QKeychain::NotImplemented) {
        return QStringLiteral("this system's keychain does not support the operation%1: %2")
            .arg(because, otherwise);
    }
    return QStringLiteral("the keychain failed%1: check that the keyring daemon is running and "
                          "unlocked, %2")
        .arg(because, otherwise);
}

} // namespace Keyway
