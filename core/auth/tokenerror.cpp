#include "auth/tokenerror.h"

namespace Keyway {

QString TokenError::kindName() const
{
    switch (kind) {
    case Kind::Terminal: return QStringLiteral("terminal");
    case Kind::Transient: return QStringLiteral("transient");
    case Kind::OutcomeUnknown: return QStringLiteral("outcome_unknown");
    case Kind::NoCredentials: return QStringLiteral("no_credentials");
    case Kind::CircuitOpen: return QStringLiteral("circuit_open");
    case Kind::Cancelled: return QStringLiteral("cancelled");
    }
    return QStringLiteral("unknown");
}

} // namespace Keyway
