// Fuzzes what a token endpoint answers: the RFC 6749 §5.1/§5.2 body (TokenResponse::parse and the
// classifier's table over status, content type and Retry-After) and the stored form of the token
// set it becomes. Input: a first line "<status> <content-type> <retry-after>", then the body.

#include "auth/tokenresponseclassifier.h"
#include "auth/tokenset.h"
#include "fuzzinput.h"

#include <QJsonDocument>

using namespace Keyway;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input = Fuzz::bytes(data, size);
    const Fuzz::Split split = Fuzz::splitFirstLine(input);
    const QList<QByteArray> fields = split.head.split(' ');
    constexpr qint64 nowMs = 1'800'000'000'000;

    TokenEndpointAnswer answer;
    answer.endpoint = QStringLiteral("fuzz:443");
    answer.requestSent = true;
    answer.httpStatus = fields.value(0).toInt();
    answer.contentType = fields.value(1);
    answer.retryAfter = fields.value(2);
    answer.body = split.tail;
    const auto verdict = classifyTokenAnswer(answer, nowMs, 64 * 1024);
    if (const auto *response = std::get_if<TokenResponse>(&verdict)) {
        // What the store writes and reads back must survive any answer the endpoint gave.
        const TokenSet tokens = response->toTokenSet(TokenSet{}, nowMs);
        QString error;
        (void)TokenSet::fromStoredJson(tokens.toStoredJson(), &error);
        (void)tokens.describe();
    }
    parseRetryAfterMs(split.head, nowMs);

    QString error;
    if (const auto response = TokenResponse::parse(input, &error))
        (void)response->toTokenSet(TokenSet{}, nowMs);
    // A store's value is JSON written by another process (or by anyone with access to Redis).
    const QJsonDocument stored = QJsonDocument::fromJson(input);
    if (stored.isObject())
        (void)TokenSet::fromStoredJson(stored.object(), &error);
    return 0;
}
