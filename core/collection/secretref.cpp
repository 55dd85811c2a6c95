#include "collection/secretref.h"

#include <QJsonObject>

namespace Keyway {

SecretRef SecretRef::keychain(const QString &service, const QString &key)
{
    return {Kind::Keychain, service + QLatin1Char('/') + key};
}

SecretRef SecretRef::environment(const QString &variable)
{
    return {Kind::Environment, variable};
}

QString SecretRef::service() const
{
    return name.section(QLatin1Char('/'), 0, 0);
}

QString SecretRef::key() const
{
    return name.section(QLatin1Char('/'), 1);
}

QString SecretRef::describe() const
{
    switch (kind) {
    case Kind::None: return QStringLiteral("nothing");
    case Kind::Keychain: return QStringLiteral("the keychain entry %1").arg(name);
    case Kind::Environment: return QStringLiteral("$%1").arg(name);
    }
    return {};
}

QJsonValue SecretRef::toJson() const
{
    switch (kind) {
    case Kind::None: return QJsonValue::Null;
    case Kind::Keychain: return QJsonObject {{QStringLiteral("keychain"), name}};
    case Kind::Environment: return QJsonObject {{QStringLiteral("env"), name}};
    }
    return QJsonValue::Null;
}

std::optional<SecretRef> SecretRef::fromJson(const QJsonValue &value, const QString &member,
                                             QString *error)
{
    if (value.isUndefined() || value.isNull())
        return SecretRef {};
    if (value.isString()) {
        *error = QStringLiteral("\"%1\" holds a literal secret, which a workspace file must not: "
                                "remove it and give {\"env\": \"VARIABLE\"} or {\"keychain\": "
                                "\"service/key\"} instead")
                     .arg(member);
        return std::nullopt;
    }
    const QJsonObject object = value.toObject();
    const QString keychainName = object.value(QStringLiteral("keychain")).toString();
    const QString variable = object.value(QStringLiteral("env")).toString();
    if (!value.isObject() || object.size() != 1 || (keychainName.isEmpty() == variable.isEmpty())) {
        *error = QStringLiteral("\"%1\" is {\"env\": \"VARIABLE\"} or {\"keychain\": "
                                "\"service/key\"}")
                     .arg(member);
        return std::nullopt;
    }
    if (!variable.isEmpty())
        return environment(variable);
    if (!keychainName.contains(QLatin1Char('/')) || keychainName.startsWith(QLatin1Char('/'))) {
        *error = QStringLiteral("\"%1\": the keychain entry is \"service/key\", not '%2'")
                     .arg(member, keychainName);
        return std::nullopt;
    }
    return SecretRef {Kind::Keychain, keychainName};
}

} // namespace Keyway
