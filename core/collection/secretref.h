#pragma once

// Where a secret a workspace file refers to lives, as the file names it: a keychain entry
// ({"keychain": "service/key"}) or an environment variable ({"env": "NAME"}). The value itself
// is never in the file.

#include <QJsonValue>
#include <QString>

#include <optional>

namespace Keyway {

struct SecretRef
{
    enum class Kind { None, Keychain, Environment };
    Kind kind = Kind::None;
    QString name; // Keychain: "service/key"; Environment: the variable's name

    static SecretRef keychain(const QString &service, const QString &key);
    static SecretRef environment(const QString &variable);

    bool isSet() const { return kind != Kind::None; }
    QString service() const; // Keychain: before the first '/'
    QString key() const; // Keychain: after it
    QString describe() const; // "the keychain entry keyway-secrets/..." or "$NAME"

    QJsonValue toJson() const; // Null for None
    // `member` names the JSON member for the error. A string is refused: it would be the secret
    // itself.
    static std::optional<SecretRef> fromJson(const QJsonValue &value, const QString &member,
                                             QString *error);

    friend bool operator==(const SecretRef &, const SecretRef &) = default;
};

} // namespace Keyway
