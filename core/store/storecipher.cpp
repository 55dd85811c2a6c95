#include "store/storecipher.h"

#include <QCryptographicHash>
#include <QJsonDocument>

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <memory>

namespace Keyway {

namespace {

constexpr int NonceSize = 12; // GCM's native size: no extra hashing of the IV
constexpr int TagSize = 16;
const QLatin1String Algorithm("A256GCM");

using CipherContext = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

CipherContext newContext()
{
    return CipherContext(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
}

QString key(const char *name)
{
    return QString::fromLatin1(name);
}

std::optional<QByteArray> base64Field(const QJsonObject &object, const char *name)
{
    const QJsonValue value = object.value(key(name));
    if (!value.isString())
        return std::nullopt;
    const auto decoded = QByteArray::fromBase64Encoding(value.toString().toLatin1(),
                                                        QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return std::nullopt;
    return *decoded;
}

} // namespace

StoreCipher::StoreCipher(const QByteArray &key) : m_key(key), m_keyId(keyIdOf(key)) { }

std::optional<StoreCipher> StoreCipher::fromKey(const QByteArray &key, QString *error)
{
    if (key.size() != KeySize) {
        *error = QStringLiteral("a store key is %1 bytes (base64, as `keyway-cli store key "
                                "export` writes it), this one is %2")
                     .arg(KeySize)
                     .arg(key.size());
        return std::nullopt;
    }
    return StoreCipher(key);
}

QByteArray StoreCipher::generateKey()
{
    QByteArray key(KeySize, Qt::Uninitialized);
    if (RAND_bytes(reinterpret_cast<unsigned char *>(key.data()), KeySize) != 1)
        return {};
    return key;
}

QByteArray StoreCipher::encodeKey(const QByteArray &key)
{
    return key.toBase64();
}

std::optional<QByteArray> StoreCipher::decodeKey(const QByteArray &text, QString *error)
{
    const auto decoded =
        QByteArray::fromBase64Encoding(text.trimmed(), QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || decoded.decoded.size() != KeySize) {
        *error = QStringLiteral("this is not a store key: a store key is %1 bytes in base64, as "
                                "`keyway-cli store key export` writes it")
                     .arg(KeySize);
        return std::nullopt;
    }
    return decoded.decoded;
}

QString StoreCipher::keyIdOf(const QByteArray &key)
{
    // Labelled, so the id is no hash anyone else would compute of the same bytes.
    const QByteArray digest = QCryptographicHash::hash(QByteArray("keyway store key id\n") + key,
                                                       QCryptographicHash::Sha256);
    return QString::fromLatin1(digest.left(8).toHex());
}

bool StoreCipher::isSealed(const QJsonObject &stored)
{
    return stored.contains(key("sealed"));
}

QJsonObject StoreCipher::seal(const QJsonObject &stored, quint64 generation,
                              const QByteArray &aad) const
{
    const QByteArray plain = QJsonDocument(stored).toJson(QJsonDocument::Compact);
    QByteArray nonce(NonceSize, Qt::Uninitialized);
    if (RAND_bytes(reinterpret_cast<unsigned char *>(nonce.data()), NonceSize) != 1)
        return {};
    CipherContext ctx = newContext();
    QByteArray out(plain.size() + TagSize, Qt::Uninitialized);
    auto *outData = reinterpret_cast<unsigned char *>(out.data());
    int written = 0;
    int extra = 0;
    if (!ctx
        || EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr,
                              reinterpret_cast<const unsigned char *>(m_key.constData()),
                              reinterpret_cast<const unsigned char *>(nonce.constData()))
            != 1
        || EVP_EncryptUpdate(ctx.get(), nullptr, &extra,
                             reinterpret_cast<const unsigned char *>(aad.constData()),
                             int(aad.size()))
            != 1
        || EVP_EncryptUpdate(ctx.get(), outData, &written,
                             reinterpret_cast<const unsigned char *>(plain.constData()),
                             int(plain.size()))
            != 1
        || EVP_EncryptFinal_ex(ctx.get(), outData + written, &extra) != 1
        || EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, TagSize, outData + written + extra)
            != 1)
        return {};
    out.resize(written + extra + TagSize);
    const QJsonObject sealed {{key("alg"), Algorithm},
                              {key("key"), m_keyId},
                              {key("nonce"), QString::fromLatin1(nonce.toBase64())},
                              {key("data"), QString::fromLatin1(out.toBase64())}};
    return QJsonObject {{key("kind"), stored.value(key("kind"))},
                        {key("version"), stored.value(key("version"))},
                        {key("generation"), QString::number(generation)},
                        {key("sealed"), sealed}};
}

StoreCipher::Opened StoreCipher::open(const QJsonObject &sealedSet, const QByteArray &aad) const
{
    Opened opened;
    const QJsonObject sealed = sealedSet.value(key("sealed")).toObject();
    const auto nonce = base64Field(sealed, "nonce");
    const auto data = base64Field(sealed, "data");
    if (sealed.value(key("alg")).toString() != Algorithm || !nonce || nonce->size() != NonceSize
        || !data || data->size() < TagSize)
        return opened;
    const QString sealedWith = sealed.value(key("key")).toString();
    if (sealedWith != m_keyId) {
        opened.failure = OpenFailure::OtherKey;
        opened.otherKeyId = sealedWith;
        return opened;
    }
    opened.failure = OpenFailure::Tampered;
    const qsizetype cipherSize = data->size() - TagSize;
    QByteArray tag = data->right(TagSize);
    QByteArray plain(qMax<qsizetype>(1, cipherSize), Qt::Uninitialized);
    auto *plainData = reinterpret_cast<unsigned char *>(plain.data());
    CipherContext ctx = newContext();
    int written = 0;
    int extra = 0;
    // The tag is checked in Final: nothing is used before it passed.
    if (!ctx
        || EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr,
                              reinterpret_cast<const unsigned char *>(m_key.constData()),
                              reinterpret_cast<const unsigned char *>(nonce->constData()))
            != 1
        || EVP_DecryptUpdate(ctx.get(), nullptr, &extra,
                             reinterpret_cast<const unsigned char *>(aad.constData()),
                             int(aad.size()))
            != 1
        || EVP_DecryptUpdate(ctx.get(), plainData, &written,
                             reinterpret_cast<const unsigned char *>(data->constData()),
                             int(cipherSize))
            != 1
        || EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, TagSize, tag.data()) != 1
        || EVP_DecryptFinal_ex(ctx.get(), plainData + written, &extra) != 1)
        return opened;
    plain.resize(written + extra);
    const QJsonDocument doc = QJsonDocument::fromJson(plain);
    if (!doc.isObject())
        return opened;
    opened.stored = doc.object();
    return opened;
}

} // namespace Keyway
