#pragma once

#include "sandbox/sandboxconfig.h"

#include <QString>
#include <QStringList>
#include <QStringView>

#include <optional>

namespace Keyway {

// The names faults and modes go by on the admin routes and the command line ("hang",
// "401-forever", "form", ...).
std::optional<TokenFault> tokenFaultFromName(QStringView name);
QString tokenFaultName(TokenFault fault);
QStringList tokenFaultNames();

std::optional<ApiFault> apiFaultFromName(QStringView name);
QString apiFaultName(ApiFault fault);
QStringList apiFaultNames();

std::optional<AuthorizeMode> authorizeModeFromName(QStringView name);
QString authorizeModeName(AuthorizeMode mode);
QStringList authorizeModeNames();

} // namespace Keyway
