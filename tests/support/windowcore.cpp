#include "windowcore.h"

#include "auth/clock.h"
#include "clientstack.h"

namespace Keyway::Test {

WindowCore::WindowCore(const Sandbox *sandbox)
    : events(SystemClock::instance()), profiles(&network, &events, SystemClock::instance())
{
    if (sandbox)
        profiles.add(ClientStack::profileFor(*sandbox), nullptr, ProfileSessions::Scope::Window);
}

TokenManager &WindowCore::tokens() const
{
    return *profiles.tokens(QStringLiteral("sandbox"));
}

AuthorizedClient &WindowCore::client() const
{
    return *profiles.client(QStringLiteral("sandbox"));
}

} // namespace Keyway::Test
