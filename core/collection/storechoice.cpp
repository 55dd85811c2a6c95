#include "collection/storechoice.h"

#include "store/tokenstorefactory.h"

#include <QUrl>

namespace Keyway {

namespace {

const QLatin1String StoreKey("store");
const QLatin1String PasswordKey("storePassword");

// The URL as the file keeps it: no password, and no empty user left behind ("redis://@host").
QString withoutPassword(QUrl url)
{
    url.setPassword(QString());
    if (url.userName().isEmpty())
        url.setUserName(QString());
    return url.toString(QUrl::FullyEncoded);
}

} // namespace

bool StoreChoice::isRedis() const
{
    return spec.startsWith(QLatin1String("redis:")) || spec.startsWith(QLatin1String("unix:"));
}

std::optional<StoreChoice> StoreChoice::fromTyped(const QString &typed, QString *password,
                                                  QString *error)
{
    const auto parsed = TokenStoreSpec::parse(typed, error);
    if (!parsed)
        return std::nullopt;
    StoreChoice choice;
    password->clear();
    if (parsed->kind != TokenStoreSpec::Kind::Redis) {
        choice.spec = parsed->kind == TokenStoreSpec::Kind::Memory ? QStringLiteral("memory")
                                                                   : QStringLiteral("keychain");
        return choice;
    }
    *password = parsed->redis.password;
    choice.spec = withoutPassword(QUrl(typed.trimmed(), QUrl::StrictMode));
    return choice;
}

QString StoreChoice::withPassword(const QString &password) const
{
    if (password.isEmpty() || !isRedis())
        return spec;
    QUrl url(spec, QUrl::StrictMode);
    url.setPassword(password, QUrl::DecodedMode);
    return url.toString(QUrl::FullyEncoded);
}

void StoreChoice::writeTo(QJsonObject &object) const
{
    if (!isSet())
        return;
    // Whoever filled `spec` by hand: a password still never reaches the file.
    object.insert(StoreKey, isRedis() ? withoutPassword(QUrl(spec, QUrl::StrictMode)) : spec);
    if (password.isSet())
        object.insert(PasswordKey, password.toJson());
}

std::optional<StoreChoice> StoreChoice::readFrom(const QJsonObject &object, QString *error)
{
    StoreChoice choice;
    const QJsonValue value = object.value(StoreKey);
    if (!value.isUndefined() && !value.isNull()) {
        if (!value.isString()) {
            *error = QStringLiteral("\"store\" must be a string: keychain, memory or a Redis URL");
            return std::nullopt;
        }
        QString password;
        QString problem;
        const auto typed = fromTyped(value.toString(), &password, &problem);
        if (!typed) {
            *error = QStringLiteral("\"store\": ") + problem;
            return std::nullopt;
        }
        if (!password.isEmpty()) {
            *error = QStringLiteral("\"store\" holds a Redis password, which a workspace file "
                                    "must not: remove it from the URL and give \"storePassword\": "
                                    "{\"env\": \"VARIABLE\"} or {\"keychain\": \"service/key\"}");
            return std::nullopt;
        }
        choice.spec = typed->spec;
    }
    const auto password = SecretRef::fromJson(object.value(PasswordKey), PasswordKey, error);
    if (!password)
        return std::nullopt;
    if (password->isSet() && !choice.isRedis()) {
        *error = QStringLiteral("\"storePassword\" is for a Redis \"store\" only");
        return std::nullopt;
    }
    choice.password = *password;
    return choice;
}

} // namespace Keyway
