#include "auth/signin/pkce.h"

#include <QCryptographicHash>
#include <QRandomGenerator>

#include <algorithm>

namespace Keyway {

namespace {

// RFC 3986 §2.3 unreserved characters, the alphabet RFC 7636 §4.1 allows.
constexpr char Unreserved[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";
constexpr int UnreservedCount = sizeof(Unreserved) - 1;

bool isUnreserved(QChar c)
{
    return (c >= QLatin1Char('A') && c <= QLatin1Char('Z'))
        || (c >= QLatin1Char('a') && c <= QLatin1Char('z'))
        || (c >= QLatin1Char('0') && c <= QLatin1Char('9')) || c == QLatin1Char('-')
        || c == QLatin1Char('.') || c == QLatin1Char('_') || c == QLatin1Char('~');
}

} // namespace

Pkce Pkce::generate(int length)
{
    length = qBound(MinLength, length, MaxLength);
    QString verifier;
    verifier.reserve(length);
    // The system generator, not the seeded global one: the verifier is a secret.
    QRandomGenerator *random = QRandomGenerator::system();
    for (int i = 0; i < length; ++i)
        verifier.append(QLatin1Char(Unreserved[random->bounded(UnreservedCount)]));
    Pkce pkce;
    pkce.challenge = challengeFor(verifier);
    pkce.verifier = std::move(verifier);
    return pkce;
}

QString Pkce::challengeFor(const QString &verifier)
{
    const QByteArray digest =
        QCryptographicHash::hash(verifier.toLatin1(), QCryptographicHash::Sha256);
    return QString::fromLatin1(
        digest.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

bool Pkce::isValidVerifier(const QString &verifier)
{
    if (verifier.size() < MinLength || verifier.size() > MaxLength)
        return false;
    return std::all_of(verifier.begin(), verifier.end(), isUnreserved);
}

} // namespace Keyway
