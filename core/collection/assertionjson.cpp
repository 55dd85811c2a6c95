#include "collection/assertionjson.h"

#include "runner/jsonpath.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace Keyway::WorkspaceJson {

namespace {

const QString StatusKey = QStringLiteral("status");
const QString HeaderKey = QStringLiteral("header");
const QString JsonPathKey = QStringLiteral("jsonPath");
const QString TimeKey = QStringLiteral("responseTimeBelow");
const QString EqualsKey = QStringLiteral("equals");
const QString MatchesKey = QStringLiteral("matches");
const QString ExistsKey = QStringLiteral("exists");

QString compact(const QJsonValue &value)
{
    if (value.isString())
        return QLatin1Char('"') + value.toString() + QLatin1Char('"');
    QJsonArray wrapper {value};
    QByteArray text = QJsonDocument(wrapper).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(text.mid(1, text.size() - 2));
}

bool isWholeNumber(const QJsonValue &value, qint64 min, qint64 max)
{
    const double d = value.toDouble();
    return value.isDouble() && d == double(qint64(d)) && d >= double(min) && d <= double(max);
}

// Reads one element; returns an error text without the "assert[i]" prefix's path, or nothing.
class ElementReader
{
public:
    ElementReader(const QJsonObject &object, QString at) : m_object(object), m_at(std::move(at)) { }

    std::optional<Assertion> read()
    {
        const QStringList subjects {StatusKey, HeaderKey, JsonPathKey, TimeKey};
        QStringList found;
        for (const QString &key : m_object.keys()) {
            if (subjects.contains(key))
                found.append(key);
            else if (key != EqualsKey && key != MatchesKey && key != ExistsKey)
                return fail(m_at + QLatin1Char('.') + key,
                            QStringLiteral("unknown key (an assertion has one of \"status\", "
                                           "\"header\", \"jsonPath\", \"responseTimeBelow\", "
                                           "and \"equals\", \"matches\" or \"exists\")"));
        }
        if (found.size() != 1)
            return fail(m_at,
                        found.isEmpty()
                            ? QStringLiteral("says nothing to check: give \"status\", \"header\", "
                                             "\"jsonPath\" or \"responseTimeBelow\"")
                            : QStringLiteral("checks %1 at once: give one per assertion")
                                  .arg(found.join(QStringLiteral(" and "))));
        const QString subject = found.first();
        if (subject == StatusKey)
            return status();
        if (subject == TimeKey)
            return responseTime();
        return valueCheck(subject);
    }

    const QString &error() const { return m_error; }

private:
    std::nullopt_t fail(const QString &where, const QString &what)
    {
        m_error = QStringLiteral("%1: %2").arg(where, what);
        return std::nullopt;
    }

    bool noTests(const QString &subject)
    {
        for (const QString &key : {EqualsKey, MatchesKey, ExistsKey}) {
            if (m_object.contains(key)) {
                fail(m_at + QLatin1Char('.') + key,
                     QStringLiteral("\"%1\" takes no \"%2\"").arg(subject, key));
                return false;
            }
        }
        return true;
    }

    std::optional<Assertion> status()
    {
        if (!noTests(StatusKey))
            return std::nullopt;
        Assertion a;
        a.subject = Assertion::Subject::Status;
        const QJsonValue v = m_object.value(StatusKey);
        const QString at = m_at + QStringLiteral(".status");
        if (isWholeNumber(v, 100, 599)) {
            a.check = Assertion::Check::Equals;
            a.expected = qint64(v.toDouble());
            return a;
        }
        static const QRegularExpression classPattern(QStringLiteral("^([1-5])[xX][xX]$"));
        if (const auto match = classPattern.match(v.toString()); v.isString() && match.hasMatch()) {
            a.check = Assertion::Check::InRange;
            a.low = match.captured(1).toInt() * 100;
            a.high = a.low + 99;
            return a;
        }
        const QJsonArray range = v.toArray();
        if (v.isArray() && range.size() == 2 && isWholeNumber(range.at(0), 100, 599)
            && isWholeNumber(range.at(1), 100, 599)
            && range.at(0).toDouble() <= range.at(1).toDouble()) {
            a.check = Assertion::Check::InRange;
            a.low = qint64(range.at(0).toDouble());
            a.high = qint64(range.at(1).toDouble());
            return a;
        }
        return fail(at,
                    QStringLiteral("expected a status (200), a class (\"2xx\") or a range "
                                   "([200, 204]), found %1")
                        .arg(compact(v)));
    }

    std::optional<Assertion> responseTime()
    {
        if (!noTests(TimeKey))
            return std::nullopt;
        const QJsonValue v = m_object.value(TimeKey);
        if (!isWholeNumber(v, 1, 24 * 3600 * 1000))
            return fail(m_at + QLatin1Char('.') + TimeKey,
                        QStringLiteral("expected milliseconds (a whole number above 0), found %1")
                            .arg(compact(v)));
        Assertion a;
        a.subject = Assertion::Subject::ResponseTime;
        a.check = Assertion::Check::Below;
        a.high = qint64(v.toDouble());
        return a;
    }

    std::optional<Assertion> valueCheck(const QString &subject)
    {
        Assertion a;
        a.subject =
            subject == HeaderKey ? Assertion::Subject::Header : Assertion::Subject::JsonPath;
        const QJsonValue target = m_object.value(subject);
        const QString at = m_at + QLatin1Char('.') + subject;
        if (!target.isString() || target.toString().trimmed().isEmpty())
            return fail(at,
                        subject == HeaderKey
                            ? QStringLiteral("expected a header name")
                            : QStringLiteral("expected a JSON path such as \"$.items[0].id\""));
        a.target = target.toString();
        if (a.subject == Assertion::Subject::JsonPath) {
            QString error;
            if (!JsonPath::parse(a.target, &error))
                return fail(at, error);
        }
        const int tests = int(m_object.contains(EqualsKey)) + int(m_object.contains(MatchesKey))
            + int(m_object.contains(ExistsKey));
        if (tests > 1)
            return fail(m_at, QStringLiteral("give one of \"equals\", \"matches\" and \"exists\""));
        if (m_object.contains(EqualsKey)) {
            a.check = Assertion::Check::Equals;
            a.expected = m_object.value(EqualsKey);
            if (a.subject == Assertion::Subject::Header && !a.expected.isString())
                return fail(m_at + QStringLiteral(".equals"),
                            QStringLiteral("a header value is text: write it in quotes"));
        } else if (m_object.contains(MatchesKey)) {
            a.check = Assertion::Check::Matches;
            a.expected = m_object.value(MatchesKey);
            const QRegularExpression pattern(a.expected.toString());
            if (!a.expected.isString())
                return fail(m_at + QStringLiteral(".matches"),
                            QStringLiteral("expected a regular expression in quotes"));
            if (!pattern.isValid())
                return fail(m_at + QStringLiteral(".matches"),
                            QStringLiteral("not a valid regular expression: %1 (at character %2)")
                                .arg(pattern.errorString())
                                .arg(pattern.patternErrorOffset() + 1));
        } else {
            a.check = Assertion::Check::Exists;
            a.expected =
                m_object.contains(ExistsKey) ? m_object.value(ExistsKey) : QJsonValue(true);
            if (!a.expected.isBool())
                return fail(m_at + QStringLiteral(".exists"),
                            QStringLiteral("expected true or false"));
        }
        return a;
    }

    QJsonObject m_object;
    QString m_at;
    QString m_error;
};

} // namespace

QJsonArray fromAssertions(const AssertionList &assertions)
{
    QJsonArray out;
    for (const Assertion &a : assertions) {
        QJsonObject o;
        switch (a.subject) {
        case Assertion::Subject::Status:
            if (a.check == Assertion::Check::Equals)
                o.insert(StatusKey, a.expected);
            else if (a.low % 100 == 0 && a.high == a.low + 99)
                o.insert(StatusKey, QStringLiteral("%1xx").arg(a.low / 100));
            else
                o.insert(StatusKey, QJsonArray {a.low, a.high});
            break;
        case Assertion::Subject::ResponseTime: o.insert(TimeKey, a.high); break;
        case Assertion::Subject::Header:
        case Assertion::Subject::JsonPath:
            o.insert(a.subject == Assertion::Subject::Header ? HeaderKey : JsonPathKey, a.target);
            if (a.check == Assertion::Check::Equals)
                o.insert(EqualsKey, a.expected);
            else if (a.check == Assertion::Check::Matches)
                o.insert(MatchesKey, a.expected);
            else if (!a.expected.toBool(true))
                o.insert(ExistsKey, false); // present is what a bare {"header": ...} means
            break;
        }
        out.append(o);
    }
    return out;
}

std::optional<AssertionList> toAssertions(const QJsonValue &value, QString *error)
{
    if (value.isUndefined())
        return AssertionList();
    if (!value.isArray()) {
        *error = QStringLiteral("assert: expected a list of assertions ([{\"status\": 200}])");
        return std::nullopt;
    }
    AssertionList out;
    const QJsonArray items = value.toArray();
    for (qsizetype i = 0; i < items.size(); ++i) {
        const QString at = QStringLiteral("assert[%1]").arg(i);
        if (!items.at(i).isObject()) {
            *error = at + QStringLiteral(": expected an object such as {\"status\": 200}");
            return std::nullopt;
        }
        ElementReader reader(items.at(i).toObject(), at);
        const std::optional<Assertion> assertion = reader.read();
        if (!assertion) {
            *error = reader.error();
            return std::nullopt;
        }
        out.append(*assertion);
    }
    return out;
}

QString describeAssertion(const Assertion &a)
{
    switch (a.subject) {
    case Assertion::Subject::Status:
        if (a.check == Assertion::Check::Equals)
            return QStringLiteral("status is %1").arg(compact(a.expected));
        if (a.low % 100 == 0 && a.high == a.low + 99)
            return QStringLiteral("status is %1xx").arg(a.low / 100);
        return QStringLiteral("status is %1-%2").arg(a.low).arg(a.high);
    case Assertion::Subject::ResponseTime:
        return QStringLiteral("response time below %1 ms").arg(a.high);
    case Assertion::Subject::Header:
    case Assertion::Subject::JsonPath: break;
    }
    const QString subject = a.subject == Assertion::Subject::Header
        ? QStringLiteral("header %1").arg(a.target)
        : QStringLiteral("JSON %1").arg(a.target);
    switch (a.check) {
    case Assertion::Check::Equals:
        return QStringLiteral("%1 equals %2").arg(subject, compact(a.expected));
    case Assertion::Check::Matches:
        return QStringLiteral("%1 matches /%2/").arg(subject, a.expected.toString());
    case Assertion::Check::Exists:
    case Assertion::Check::InRange:
    case Assertion::Check::Below: break;
    }
    return a.expected.toBool(true) ? subject + QStringLiteral(" exists")
                                   : subject + QStringLiteral(" is absent");
}

} // namespace Keyway::WorkspaceJson
