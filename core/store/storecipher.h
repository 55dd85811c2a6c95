#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace Keyway {

// Encrypts a token set's stored form for a shared store: AES-256-GCM (OpenSSL's libcrypto) with
// a fresh random 96-bit nonce per write and the caller's associated data (the Redis key and the
// generation), so a value copied to another key or generation fails to open. The sealed form is
// still a stored token set to the store's scripts (same "kind" and "version"), with the
// generation in the clear:
//   {"kind":"keyway.tokenset","version":V,"generation":N,
//    "sealed":{"alg":"A256GCM","key":"<key id>","nonce":"<base64>","data":"<base64 ct+tag>"}}
class StoreCipher
{
public:
    static constexpr int KeySize = 32;

    // `key` is KeySize random bytes. Returns nothing (with why) for any other size.
    static std::optional<StoreCipher> fromKey(const QByteArray &key, QString *error);
    // KeySize bytes from OpenSSL's CSPRNG; empty if it failed.
    static QByteArray generateKey();
    // The base64 text a key travels as (export, import, KEYWAY_STORE_KEY), and back.
    static QByteArray encodeKey(const QByteArray &key);
    static std::optional<QByteArray> decodeKey(const QByteArray &text, QString *error);

    // A short name of a key that reveals nothing of it (16 hex digits of a labelled SHA-256):
    // messages use it to say that two machines hold different keys.
    static QString keyIdOf(const QByteArray &key);
    const QString &keyId() const { return m_keyId; }

    static bool isSealed(const QJsonObject &stored);

    // Empty object when the encryption itself failed (OpenSSL error), never a plaintext.
    QJsonObject seal(const QJsonObject &stored, quint64 generation, const QByteArray &aad) const;

    enum class OpenFailure { Malformed, OtherKey, Tampered };
    struct Opened
    {
        std::optional<QJsonObject> stored; // the token set's stored form; empty on failure
        OpenFailure failure = OpenFailure::Malformed;
        QString otherKeyId; // OtherKey: the key id the value was sealed with
    };
    Opened open(const QJsonObject &sealed, const QByteArray &aad) const;

private:
    explicit StoreCipher(const QByteArray &key);

    QByteArray m_key;
    QString m_keyId;
};

} // namespace Keyway
