#pragma once

#include "auth/tokenmanager.h"

namespace Keyway {

// Makes `receiver` show `next` instead of `current` (either may be null): `show` runs whenever
// the followed profile's state or tokens change, and no more for the one it followed before.
// The widgets that show a chosen profile (token inspector, status bar, profile dialog) use it.
template<typename Receiver>
void followTokens(Receiver *receiver, TokenManager *&current, TokenManager *next,
                  void (Receiver::*show)())
{
    if (current)
        QObject::disconnect(current, nullptr, receiver, nullptr);
    current = next;
    if (current) {
        QObject::connect(current, &TokenManager::stateChanged, receiver, show);
        QObject::connect(current, &TokenManager::tokensChanged, receiver, show);
    }
}

} // namespace Keyway
