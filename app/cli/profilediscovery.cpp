#include "profilediscovery.h"

#include "console.h"

#include "auth/clock.h"
#include "auth/signin/discovery.h"

namespace Keyway::Cli {

void discoverEndpoints(const Profile &profile, QObject *context,
                       std::function<void(const Profile &, const QString &error)> done)
{
    if (profile.issuer.isEmpty()) {
        done(profile, {});
        return;
    }
    auto *discovery = new Discovery(SystemClock::instance(), context);
    discovery->setTls(profile.tls);
    QObject::connect(discovery, &Discovery::finished, context,
                     [discovery, profile, done](const SignInResult &result) {
                         discovery->deleteLater();
                         if (!result.ok()) {
                             done(profile, result.message);
                             return;
                         }
                         Profile filled = profile;
                         // Endpoints given by hand win over discovered ones.
                         const QUrl revocation = profile.revocationUrl;
                         const QString warning = discovery->metadata().applyTo(&filled);
                         if (!revocation.isEmpty())
                             filled.revocationUrl = revocation;
                         if (!warning.isEmpty())
                             writeErr(QStringLiteral("keyway-cli: warning: ") + warning);
                         done(filled, {});
                     });
    discovery->start(profile.issuer);
}

} // namespace Keyway::Cli
