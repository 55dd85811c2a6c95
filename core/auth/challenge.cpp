#include "auth/challenge.h"

namespace Keyway {

namespace {

// A small cursor over the header: token68, tokens, quoted strings and the separators between.
class Cursor
{
public:
    explicit Cursor(const QByteArray &text) : m_text(text) { }

    bool atEnd() { return skipSpace(), m_pos >= m_text.size(); }
    char peek() { return skipSpace(), m_pos < m_text.size() ? m_text.at(m_pos) : '\0'; }
    void advance() { ++m_pos; }
    qsizetype position() const { return m_pos; }
    void rewind(qsizetype position) { m_pos = position; }

    QByteArray token()
    {
        skipSpace();
        const qsizetype start = m_pos;
        while (m_pos < m_text.size() && isTokenChar(m_text.at(m_pos)))
            ++m_pos;
        return m_text.mid(start, m_pos - start);
    }

    QByteArray quotedString()
    {
        QByteArray value;
        ++m_pos; // opening quote
        while (m_pos < m_text.size() && m_text.at(m_pos) != '"') {
            if (m_text.at(m_pos) == '\\' && m_pos + 1 < m_text.size())
                ++m_pos;
            value += m_text.at(m_pos++);
        }
        ++m_pos; // closing quote
        return value;
    }

private:
    static bool isTokenChar(char c)
    {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
            || QByteArrayView("!#$%&'*+-.^_`|~/").contains(c);
    }
    void skipSpace()
    {
        while (m_pos < m_text.size() && (m_text.at(m_pos) == ' ' || m_text.at(m_pos) == '\t'))
            ++m_pos;
    }

    const QByteArray &m_text;
    qsizetype m_pos = 0;
};

} // namespace

QList<AuthChallenge> parseWwwAuthenticate(const QByteArray &header)
{
    QList<AuthChallenge> challenges;
    Cursor cursor(header);
    while (!cursor.atEnd()) {
        if (cursor.peek() == ',') {
            cursor.advance();
            continue;
        }
        const QByteArray scheme = cursor.token().toLower();
        if (scheme.isEmpty()) {
            cursor.advance(); // not a token: skip the stray character
            continue;
        }
        AuthChallenge challenge;
        challenge.scheme = scheme;
        // auth-params until the next scheme: a token not followed by '='.
        while (!cursor.atEnd()) {
            const qsizetype mark = cursor.position();
            if (cursor.peek() == ',') {
                cursor.advance();
                continue;
            }
            const QByteArray name = cursor.token().toLower();
            if (name.isEmpty() || cursor.peek() != '=') {
                cursor.rewind(mark);
                break;
            }
            cursor.advance(); // '='
            const QByteArray value = cursor.peek() == '"' ? cursor.quotedString() : cursor.token();
            challenge.params.insert(name, value);
        }
        challenges.append(challenge);
    }
    return challenges;
}

ChallengeVerdict classifyAnswer(int status, const QByteArray &wwwAuthenticate,
                                const QList<int> &expiredStatuses)
{
    if (status != 401 && status != 403)
        return ChallengeVerdict::NotAChallenge;
    for (const AuthChallenge &challenge : parseWwwAuthenticate(wwwAuthenticate)) {
        // RFC 6750 §3.1: a token with too little scope stays too little after a refresh.
        if (challenge.scheme == "bearer" && challenge.param("error") == "insufficient_scope")
            return ChallengeVerdict::InsufficientScope;
    }
    if (status == 403 && !expiredStatuses.contains(403))
        return ChallengeVerdict::NotAChallenge;
    return ChallengeVerdict::ExpiredToken;
}

} // namespace Keyway
