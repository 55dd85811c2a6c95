#pragma once

#include "sandbox/sandboxconfig.h"

#include <QString>
#include <QStringList>
#include <QStringView>

#include <optional>

namespace Keyway {

// The names faults go by on the admin routes and the command line ("hang", "401-forever", ...).
std::optional<TokenFault> tokenFaultFromName(QStringView name);
QString tokenFaultName(TokenFault fault);
QStringList tokenFaultNames();

std::optional<ApiFault> apiFaultFromName(QStringView name);
QString apiFaultName(ApiFault fault);
QStringList apiFaultNames();

} // namespace Keyway
