#include "store/redisanswers.h"

#include "store/storecipher.h"

#include <QJsonDocument>
#include <QJsonParseError>

namespace Keyway::RedisAnswers {

namespace {

using Type = RedisReply::Type;

QString leftUntouched()
{
    return QStringLiteral("Keyway leaves it untouched: delete it if it is stale, or choose "
                          "another key prefix");
}

QString keyName(const Context &context)
{
    return QString::fromUtf8(context.tokensKey);
}

QString cannotDecrypt(const Context &context, const QString &why)
{
    return QStringLiteral("cannot decrypt the tokens in Redis key '%1': %2. Nothing was "
                          "written over them")
        .arg(keyName(context), why);
}

const QLatin1String ShareKey("copy the store key from a machine that reads them (`keyway-cli "
                             "store key export` there, `keyway-cli store key import` here) or "
                             "set KEYWAY_STORE_KEY");

std::optional<QJsonObject> opened(const Context &context, const QJsonObject &stored, QString *error,
                                  bool *otherKey)
{
    const bool sealed = StoreCipher::isSealed(stored);
    if (!context.cipher) {
        if (!sealed)
            return stored;
        *otherKey = true;
        *error = QStringLiteral("the tokens in Redis key '%1' are encrypted and this store does "
                                "not decrypt: add ?encrypt=1 to the store URL, and %2")
                     .arg(keyName(context), ShareKey);
        return std::nullopt;
    }
    if (!sealed) {
        // Accepting a plain set would let anyone who can write to Redis plant tokens.
        *error = QStringLiteral("the tokens in Redis key '%1' are not encrypted, and this store "
                                "only reads encrypted tokens: sign in again (`keyway-cli login` "
                                "replaces them after `keyway-cli logout`), or drop ?encrypt=1 "
                                "if no client encrypts")
                     .arg(keyName(context));
        return std::nullopt;
    }
    bool numeric = false;
    const quint64 generation =
        stored.value(QStringLiteral("generation")).toString().toULongLong(&numeric);
    const StoreCipher::Opened result =
        context.cipher->open(stored, associatedData(context.tokensKey, generation));
    if (numeric && result.stored)
        return result.stored;
    switch (result.failure) {
    case StoreCipher::OpenFailure::OtherKey:
        *otherKey = true;
        *error = cannotDecrypt(context,
                               QStringLiteral("they were encrypted with store key %1, and this "
                                              "machine's store key is %2; %3")
                                   .arg(result.otherKeyId, context.cipher->keyId(), ShareKey));
        break;
    case StoreCipher::OpenFailure::Tampered:
        *error = cannotDecrypt(context,
                               QStringLiteral("the value fails its integrity check (it was "
                                              "changed, or copied from another key or "
                                              "generation); delete the key and sign in again"));
        break;
    case StoreCipher::OpenFailure::Malformed:
        *error = cannotDecrypt(
            context, QStringLiteral("its encrypted form is malformed; %1").arg(leftUntouched()));
        break;
    }
    return std::nullopt;
}

} // namespace

QByteArray associatedData(const QByteArray &tokensKey, quint64 generation)
{
    return tokensKey + '\n' + QByteArray::number(generation);
}

StoreResult unavailable(const Context &context, const RedisReply &reply, const QString &what)
{
    StoreResult result;
    result.status = StoreResult::Status::Unavailable;
    if (reply.is(Type::Unavailable)) {
        result.message = reply.failure;
    } else if (reply.is(Type::Error)) {
        // e.g. NOPERM for an ACL user without the commands, READONLY on a replica, OOM.
        result.message = QStringLiteral("Redis at %1 refused to %2 (%3)")
                             .arg(context.address, what, QString::fromUtf8(reply.text));
    } else {
        result.message = QStringLiteral("Redis at %1 gave an unexpected answer when asked to %2")
                             .arg(context.address, what);
    }
    return result;
}

std::optional<TokenSet> tokenSet(const Context &context, const RedisReply &set, QString *error,
                                 bool *sealedWithOtherKey)
{
    bool otherKey = false;
    if (!sealedWithOtherKey)
        sealedWithOtherKey = &otherKey;
    const QString name = keyName(context);
    if (!set.is(Type::String)) {
        *error = QStringLiteral("Redis key '%1' is a hash without a 'set' field, not Keyway "
                                "tokens; %2")
                     .arg(name, leftUntouched());
        return std::nullopt;
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(set.text, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        *error = QStringLiteral("Redis key '%1' does not hold a Keyway token set (its 'set' field "
                                "is not a JSON object); %2")
                     .arg(name, leftUntouched());
        return std::nullopt;
    }
    const std::optional<QJsonObject> stored =
        opened(context, doc.object(), error, sealedWithOtherKey);
    if (!stored)
        return std::nullopt;
    QString why;
    std::optional<TokenSet> tokens = TokenSet::fromStoredJson(*stored, &why);
    if (!tokens) {
        *error = QStringLiteral("Redis key '%1': %2; %3").arg(name, why, leftUntouched());
        return std::nullopt;
    }
    if (context.cipher
        && QString::number(tokens->generation)
            != doc.object().value(QStringLiteral("generation")).toString()) {
        *error = cannotDecrypt(context,
                               QStringLiteral("the encrypted set is of another generation than "
                                              "it states; delete the key and sign in again"));
        return std::nullopt;
    }
    return tokens;
}

StoreResult load(const Context &context, const RedisReply &reply)
{
    if (!reply.is(Type::Array) || reply.elements.size() < 2)
        return unavailable(context, reply, QStringLiteral("load the tokens"));
    const QList<RedisReply> &parts = reply.elements;
    StoreResult result;
    if (parts.constLast().is(Type::String))
        result.terminalError = QString::fromUtf8(parts.constLast().text);
    const QByteArray kind = parts.at(0).text;
    const QString name = keyName(context);
    if (kind == "none")
        return result;
    result.status = StoreResult::Status::Corrupt;
    if (kind == "wrongtype") {
        result.message = QStringLiteral("Redis key '%1' holds a %2, not Keyway tokens; %3")
                             .arg(name, QString::fromUtf8(parts.at(1).text), leftUntouched());
        return result;
    }
    if (kind != "hash" || parts.size() < 4)
        return unavailable(context, reply, QStringLiteral("load the tokens"));
    std::optional<TokenSet> tokens =
        tokenSet(context, parts.at(1), &result.message, &result.sealedWithOtherKey);
    if (!tokens)
        return result;
    // The script compares the generation field; it must be the set's own.
    bool numeric = false;
    const quint64 generation = parts.at(2).text.toULongLong(&numeric);
    if (!parts.at(2).is(Type::String) || !numeric || generation != tokens->generation) {
        result.message = QStringLiteral("Redis key '%1' has a generation field that does not "
                                        "match its token set; %2")
                             .arg(name, leftUntouched());
        return result;
    }
    result.status = StoreResult::Status::Ok;
    result.tokens = std::move(tokens);
    return result;
}

StoreResult compareAndSwap(const Context &context, const TokenSet &next, const RedisReply &reply)
{
    if (!reply.is(Type::Array) || reply.elements.isEmpty())
        return unavailable(context, reply, QStringLiteral("store the tokens"));
    const QByteArray kind = reply.elements.at(0).text;
    StoreResult result;
    if (kind == "ok") {
        result.tokens = next;
        return result;
    }
    if (kind == "corrupt" && reply.elements.size() >= 2) {
        result.status = StoreResult::Status::Corrupt;
        result.message = QStringLiteral("Redis key '%1' does not hold tokens this store can "
                                        "replace (%2), so the new tokens were not written over "
                                        "it; %3")
                             .arg(keyName(context), QString::fromUtf8(reply.elements.at(1).text),
                                  leftUntouched());
        return result;
    }
    if (kind == "conflict") {
        result.status = StoreResult::Status::Conflict;
        const RedisReply set = reply.elements.value(1);
        if (set.is(Type::Nil)) {
            // Expected a generation, found nothing: another client cleared the tokens.
            result.message = QStringLiteral("the tokens were cleared meanwhile");
            return result;
        }
        result.tokens = tokenSet(context, set, &result.message, &result.sealedWithOtherKey);
        if (!result.tokens)
            result.status = StoreResult::Status::Corrupt;
        return result;
    }
    return unavailable(context, reply, QStringLiteral("store the tokens"));
}

} // namespace Keyway::RedisAnswers
