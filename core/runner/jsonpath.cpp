#include "runner/jsonpath.h"

#include <QJsonArray>
#include <QJsonObject>

namespace Keyway {

namespace {

bool isNameChar(QChar c)
{
    return c.isLetterOrNumber() || c == QLatin1Char('_') || c == QLatin1Char('-');
}

} // namespace

std::optional<JsonPath> JsonPath::parse(const QString &text, QString *error)
{
    const auto failAt = [&](qsizetype at, const QString &what) -> std::optional<JsonPath> {
        if (error)
            *error =
                QStringLiteral("JSON path '%1', character %2: %3").arg(text).arg(at + 1).arg(what);
        return std::nullopt;
    };
    JsonPath path;
    const qsizetype n = text.size();
    qsizetype i = 0;
    const auto nameFrom = [&](qsizetype from) {
        qsizetype end = from;
        while (end < n && isNameChar(text.at(end)))
            ++end;
        return end;
    };
    if (n > 0 && text.at(0) == QLatin1Char('$')) {
        i = 1;
    } else if (n > 0 && isNameChar(text.at(0))) {
        // "items[0].id", as Postman's and Bruno's users write it: the same as "$.items[0].id".
        i = nameFrom(0);
        path.m_steps.append(text.left(i));
    } else {
        return failAt(0, QStringLiteral("a path starts with '$' or a name"));
    }
    while (i < n) {
        const QChar c = text.at(i);
        if (c == QLatin1Char('.')) {
            const qsizetype end = nameFrom(i + 1);
            if (end == i + 1)
                return failAt(i + 1, QStringLiteral("expected a name after '.'"));
            path.m_steps.append(text.mid(i + 1, end - i - 1));
            i = end;
        } else if (c == QLatin1Char('[')) {
            const qsizetype close = text.indexOf(QLatin1Char(']'), i);
            if (close < 0)
                return failAt(i, QStringLiteral("'[' without ']'"));
            const QString inside = text.mid(i + 1, close - i - 1).trimmed();
            const bool quoted = inside.size() >= 2
                && ((inside.startsWith(QLatin1Char('\'')) && inside.endsWith(QLatin1Char('\'')))
                    || (inside.startsWith(QLatin1Char('"')) && inside.endsWith(QLatin1Char('"'))));
            if (quoted) {
                path.m_steps.append(inside.mid(1, inside.size() - 2));
            } else {
                bool ok = false;
                const qint64 index = inside.toLongLong(&ok);
                if (!ok)
                    return failAt(i + 1,
                                  QStringLiteral("expected an index or a quoted name "
                                                 "inside [...], found '%1'")
                                      .arg(inside));
                path.m_steps.append(index);
            }
            i = close + 1;
        } else {
            return failAt(i, QStringLiteral("expected '.' or '[', found '%1'").arg(c));
        }
    }
    return path;
}

std::optional<QJsonValue> JsonPath::find(const QJsonValue &root) const
{
    QJsonValue at = root;
    for (const QVariant &step : m_steps) {
        if (step.typeId() == QMetaType::QString) {
            const QJsonObject object = at.toObject();
            const auto it = object.constFind(step.toString());
            if (!at.isObject() || it == object.constEnd())
                return std::nullopt;
            at = *it;
        } else {
            const QJsonArray array = at.toArray();
            qint64 index = step.toLongLong();
            if (index < 0)
                index += array.size();
            if (!at.isArray() || index < 0 || index >= array.size())
                return std::nullopt;
            at = array.at(index);
        }
    }
    return at;
}

} // namespace Keyway
