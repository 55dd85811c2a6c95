#include "runner/assertioncheck.h"

#include "collection/assertionjson.h"
#include "log/redaction.h"
#include "runner/jsonpath.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace Keyway {

namespace {

// Long values are cut: a report line names the value, it does not carry the body.
QString shown(const QJsonValue &value)
{
    QString text;
    if (value.isString()) {
        text = QLatin1Char('"') + value.toString() + QLatin1Char('"');
    } else {
        const QByteArray array = QJsonDocument(QJsonArray {value}).toJson(QJsonDocument::Compact);
        text = QString::fromUtf8(array.mid(1, array.size() - 2));
    }
    return text.size() > 200 ? text.left(200) + QStringLiteral("…") : text;
}

// The text a regex is matched against: a string as it is, anything else as compact JSON.
QString matchText(const QJsonValue &value)
{
    if (value.isString())
        return value.toString();
    const QByteArray array = QJsonDocument(QJsonArray {value}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(array.mid(1, array.size() - 2));
}

bool matches(const QJsonValue &pattern, const QString &text)
{
    return QRegularExpression(pattern.toString()).match(text).hasMatch();
}

class Checker
{
public:
    explicit Checker(const ResponseSummary &response) : m_response(response) { }

    AssertionResult check(const Assertion &assertion)
    {
        AssertionResult result;
        result.assertion = WorkspaceJson::describeAssertion(assertion);
        if (m_response.status == 0) {
            result.actual = QStringLiteral("no answer");
            result.message =
                m_response.error.isEmpty() ? QStringLiteral("no HTTP answer") : m_response.error;
            return result;
        }
        switch (assertion.subject) {
        case Assertion::Subject::Status: status(assertion, result); break;
        case Assertion::Subject::ResponseTime:
            result.actual = QStringLiteral("%1 ms").arg(m_response.elapsedMs);
            result.passed = m_response.elapsedMs < assertion.high;
            if (!result.passed)
                result.message = QStringLiteral("took %1 ms, expected below %2 ms")
                                     .arg(m_response.elapsedMs)
                                     .arg(assertion.high);
            break;
        case Assertion::Subject::Header: header(assertion, result); break;
        case Assertion::Subject::JsonPath: jsonPath(assertion, result); break;
        }
        return result;
    }

private:
    void status(const Assertion &a, AssertionResult &result) const
    {
        const int got = m_response.status;
        result.actual = QString::number(got);
        if (a.check == Assertion::Check::Equals) {
            result.passed = got == a.expected.toInteger();
            if (!result.passed)
                result.message = QStringLiteral("expected status %1, got %2")
                                     .arg(a.expected.toInteger())
                                     .arg(got);
            return;
        }
        result.passed = got >= a.low && got <= a.high;
        if (!result.passed)
            result.message = QStringLiteral("expected status %1, got %2")
                                 .arg(a.low % 100 == 0 && a.high == a.low + 99
                                          ? QStringLiteral("%1xx").arg(a.low / 100)
                                          : QStringLiteral("%1-%2").arg(a.low).arg(a.high))
                                 .arg(got);
    }

    void header(const Assertion &a, AssertionResult &result) const
    {
        const QByteArray name = a.target.toUtf8();
        const auto it = std::find_if(
            m_response.headers.cbegin(), m_response.headers.cend(),
            [&name](const auto &h) { return h.first.compare(name, Qt::CaseInsensitive) == 0; });
        const bool present = it != m_response.headers.cend();
        const QString value = present ? QString::fromUtf8(it->second) : QString();
        result.actual = present ? QLatin1Char('"')
                + QString::fromUtf8(redactedHeaderValue(name, it->second)) + QLatin1Char('"')
                                : QStringLiteral("absent");
        compare(a, present, QJsonValue(value), result);
    }

    void jsonPath(const Assertion &a, AssertionResult &result)
    {
        if (!parseBody(result))
            return;
        QString error;
        const std::optional<JsonPath> path = JsonPath::parse(a.target, &error);
        if (!path) {
            result.actual = QStringLiteral("-");
            result.message = error;
            return;
        }
        const std::optional<QJsonValue> found = path->find(m_json);
        const std::optional<QJsonValue> shownValue = path->find(m_redactedJson);
        result.actual = found ? shown(shownValue.value_or(QJsonValue())) : QStringLiteral("absent");
        compare(a, found.has_value(), found.value_or(QJsonValue()), result);
    }

    bool parseBody(AssertionResult &result)
    {
        if (!m_parsed) {
            m_parsed = true;
            QJsonParseError error;
            const QJsonDocument document = QJsonDocument::fromJson(m_response.body, &error);
            if (error.error != QJsonParseError::NoError) {
                m_jsonError = m_response.body.isEmpty()
                    ? QStringLiteral("the answer has no body")
                    : QStringLiteral("the answer is not JSON (%1 at byte %2)")
                          .arg(error.errorString())
                          .arg(error.offset);
            } else {
                m_json = document.isArray() ? QJsonValue(document.array())
                                            : QJsonValue(document.object());
                const QJsonDocument redacted = QJsonDocument::fromJson(
                    redactedBody(m_response.body, QByteArrayLiteral("application/json")));
                m_redactedJson = redacted.isArray() ? QJsonValue(redacted.array())
                                                    : QJsonValue(redacted.object());
            }
        }
        if (m_jsonError.isEmpty())
            return true;
        result.actual = QStringLiteral("not JSON");
        result.message = m_jsonError;
        return false;
    }

    static void compare(const Assertion &a, bool present, const QJsonValue &value,
                        AssertionResult &result)
    {
        switch (a.check) {
        case Assertion::Check::Exists: {
            const bool wanted = a.expected.toBool(true);
            result.passed = present == wanted;
            if (!result.passed)
                result.message = wanted
                    ? QStringLiteral("expected it to exist, it is absent")
                    : QStringLiteral("expected it to be absent, found %1").arg(result.actual);
            return;
        }
        case Assertion::Check::Equals:
            // 1 and 1.0 are one JSON number; a header's value is text either way.
            result.passed = present && value == a.expected;
            if (!result.passed)
                result.message =
                    QStringLiteral("expected %1, got %2").arg(shown(a.expected), result.actual);
            return;
        case Assertion::Check::Matches:
            result.passed = present && matches(a.expected, matchText(value));
            if (!result.passed)
                result.message = QStringLiteral("expected a match for /%1/, got %2")
                                     .arg(a.expected.toString(), result.actual);
            return;
        case Assertion::Check::InRange:
        case Assertion::Check::Below: break;
        }
        result.message = QStringLiteral("this check does not apply here");
    }

    const ResponseSummary &m_response;
    bool m_parsed = false;
    QString m_jsonError;
    QJsonValue m_json;
    QJsonValue m_redactedJson;
};

} // namespace

QList<AssertionResult> checkAssertions(const AssertionList &assertions,
                                       const ResponseSummary &response)
{
    Checker checker(response);
    QList<AssertionResult> results;
    if (assertions.isEmpty()) {
        Assertion success; // the defaults: status from 200 to 299
        results.append(checker.check(success));
        return results;
    }
    for (const Assertion &assertion : assertions)
        results.append(checker.check(assertion));
    return results;
}

} // namespace Keyway
