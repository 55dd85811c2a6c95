#pragma once

// Where a profile's tokens live, as its profile file names it: "keychain", "memory" or a Redis
// URL without its password. A Redis password is a reference like the client secret's
// ({"keychain": ...} or {"env": ...}), never part of the file.

#include "collection/secretref.h"

#include <QJsonObject>

#include <optional>

namespace Keyway {

struct StoreChoice
{
    QString spec; // as tokenstorefactory.h reads it, without a password; empty: not chosen
    SecretRef password; // the Redis password, when the server needs one

    bool isSet() const { return !spec.isEmpty(); }
    bool isRedis() const;

    // Splits a store as typed (redis://user:password@host:port/db) into the choice, with the
    // password left out, and the password. Returns nothing and sets *error (never repeating a
    // password) when `typed` is not a store Keyway knows.
    static std::optional<StoreChoice> fromTyped(const QString &typed, QString *password,
                                                QString *error);
    // The spec to open, with `password` put back into a Redis URL.
    QString withPassword(const QString &password) const;

    // Writes "store" and, when set, "storePassword" into a profile file's object.
    void writeTo(QJsonObject &object) const;
    // Reads them back; a store with a password in it is refused as a literal secret. `error` says
    // what is wrong, naming the member.
    static std::optional<StoreChoice> readFrom(const QJsonObject &object, QString *error);

    friend bool operator==(const StoreChoice &, const StoreChoice &) = default;
};

} // namespace Keyway
