#include "sandbox/faultnames.h"

#include <array>
#include <utility>

namespace Keyway {

namespace {

constexpr std::array<std::pair<TokenFault, QLatin1StringView>, 13> tokenFaults {{
    {TokenFault::None, QLatin1StringView("none")},
    {TokenFault::ServerError500, QLatin1StringView("500")},
    {TokenFault::Unavailable503, QLatin1StringView("503")},
    {TokenFault::InvalidJson, QLatin1StringView("invalid-json")},
    {TokenFault::HtmlPage200, QLatin1StringView("html")},
    {TokenFault::MissingAccessToken, QLatin1StringView("missing-access-token")},
    {TokenFault::InvalidGrant, QLatin1StringView("invalid-grant")},
    {TokenFault::InvalidClient, QLatin1StringView("invalid-client")},
    {TokenFault::Hang, QLatin1StringView("hang")},
    {TokenFault::ResetAfterCommit, QLatin1StringView("reset-after-commit")},
    {TokenFault::HugeBody, QLatin1StringView("huge-body")},
    {TokenFault::InvalidGrant200, QLatin1StringView("invalid-grant-200")},
    {TokenFault::TooManyRequests429, QLatin1StringView("429")},
}};

constexpr std::array<std::pair<ApiFault, QLatin1StringView>, 2> apiFaults {{
    {ApiFault::None, QLatin1StringView("none")},
    {ApiFault::UnauthorizedForever, QLatin1StringView("401-forever")},
}};

constexpr std::array<std::pair<AuthorizeMode, QLatin1StringView>, 3> authorizeModes {{
    {AuthorizeMode::Auto, QLatin1StringView("auto")},
    {AuthorizeMode::Form, QLatin1StringView("form")},
    {AuthorizeMode::Deny, QLatin1StringView("deny")},
}};

// The table of each enum's names.
template<typename Enum> struct Table;
template<> struct Table<TokenFault>
{
    static constexpr const auto &entries = tokenFaults;
};
template<> struct Table<ApiFault>
{
    static constexpr const auto &entries = apiFaults;
};
template<> struct Table<AuthorizeMode>
{
    static constexpr const auto &entries = authorizeModes;
};

} // namespace

template<typename Enum> std::optional<Enum> EnumNames<Enum>::fromName(QStringView name)
{
    for (const auto &[value, text] : Table<Enum>::entries) {
        if (name == text)
            return value;
    }
    return std::nullopt;
}

template<typename Enum> QString EnumNames<Enum>::name(Enum value)
{
    for (const auto &[entry, text] : Table<Enum>::entries) {
        if (entry == value)
            return QString(text);
    }
    return QString();
}

template<typename Enum> QStringList EnumNames<Enum>::all()
{
    QStringList names;
    for (const auto &entry : Table<Enum>::entries)
        names.append(QString(entry.second));
    return names;
}

template struct EnumNames<TokenFault>;
template struct EnumNames<ApiFault>;
template struct EnumNames<AuthorizeMode>;

} // namespace Keyway
