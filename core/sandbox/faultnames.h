#pragma once

#include "sandbox/sandboxconfig.h"

#include <QString>
#include <QStringList>
#include <QStringView>

#include <optional>

namespace Keyway {

// The names faults and modes go by on the admin routes and the command line ("hang",
// "401-forever", "form", ...), for TokenFault, ApiFault and AuthorizeMode.
template<typename Enum> struct EnumNames
{
    static std::optional<Enum> fromName(QStringView name);
    static QString name(Enum value);
    // Every name, in the order the table lists them.
    static QStringList all();
};

extern template struct EnumNames<TokenFault>;
extern template struct EnumNames<ApiFault>;
extern template struct EnumNames<AuthorizeMode>;

} // namespace Keyway
