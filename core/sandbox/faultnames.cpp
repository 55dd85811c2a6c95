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

template<typename Enum, std::size_t N>
std::optional<Enum> fromName(const std::array<std::pair<Enum, QLatin1StringView>, N> &table,
                             QStringView name)
{
    for (const auto &[value, text] : table) {
        if (name == text)
            return value;
    }
    return std::nullopt;
}

template<typename Enum, std::size_t N>
QString toName(const std::array<std::pair<Enum, QLatin1StringView>, N> &table, Enum fault)
{
    for (const auto &[value, text] : table) {
        if (value == fault)
            return QString(text);
    }
    return QString();
}

template<typename Enum, std::size_t N>
QStringList allNames(const std::array<std::pair<Enum, QLatin1StringView>, N> &table)
{
    QStringList names;
    for (const auto &entry : table)
        names.append(QString(entry.second));
    return names;
}

} // namespace

std::optional<TokenFault> tokenFaultFromName(QStringView name)
{
    return fromName(tokenFaults, name);
}

QString tokenFaultName(TokenFault fault)
{
    return toName(tokenFaults, fault);
}

QStringList tokenFaultNames()
{
    return allNames(tokenFaults);
}

std::optional<ApiFault> apiFaultFromName(QStringView name)
{
    return fromName(apiFaults, name);
}

QString apiFaultName(ApiFault fault)
{
    return toName(apiFaults, fault);
}

QStringList apiFaultNames()
{
    return allNames(apiFaults);
}

std::optional<AuthorizeMode> authorizeModeFromName(QStringView name)
{
    return fromName(authorizeModes, name);
}

QString authorizeModeName(AuthorizeMode mode)
{
    return toName(authorizeModes, mode);
}

QStringList authorizeModeNames()
{
    return allNames(authorizeModes);
}

} // namespace Keyway
