#include "collection/import/jsoncursor.h"

#include "collection/jsontypename.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace Keyway::ImportDetail {

namespace {

QString numberText(double number)
{
    // 5 stays "5", not "5.0" or "5e+00".
    return QString::number(number, 'g', 17);
}

} // namespace

JsonCursor::JsonCursor(QJsonValue value, QString path)
    : m_value(std::move(value)), m_path(std::move(path))
{
}

bool JsonCursor::isPresentObject(const char *what) const
{
    if (isMissing())
        return false;
    if (!m_value.isObject())
        expected(what);
    return true;
}

JsonCursor JsonCursor::operator[](QLatin1String key) const
{
    const QString childPath = m_path.isEmpty() ? QString(key) : m_path + QLatin1Char('.') + key;
    if (isMissing())
        return JsonCursor(QJsonValue(QJsonValue::Undefined), childPath);
    if (!m_value.isObject())
        expected("an object");
    return JsonCursor(m_value.toObject().value(key), childPath);
}

bool JsonCursor::has(QLatin1String key) const
{
    return m_value.isObject() && m_value.toObject().contains(key);
}

QList<JsonCursor> JsonCursor::elements() const
{
    QList<JsonCursor> result;
    if (isMissing())
        return result;
    if (!m_value.isArray())
        expected("an array");
    const QJsonArray array = m_value.toArray();
    result.reserve(array.size());
    for (qsizetype i = 0; i < array.size(); ++i)
        result.append(JsonCursor(
            array.at(i), m_path + QLatin1Char('[') + QString::number(i) + QLatin1Char(']')));
    return result;
}

QList<std::pair<QString, JsonCursor>> JsonCursor::members() const
{
    QList<std::pair<QString, JsonCursor>> result;
    if (isMissing())
        return result;
    if (!m_value.isObject())
        expected("an object");
    const QJsonObject object = m_value.toObject();
    for (auto it = object.begin(); it != object.end(); ++it)
        result.append({it.key(), JsonCursor(it.value(), m_path + QLatin1Char('.') + it.key())});
    return result;
}

QString JsonCursor::string(const QString &fallback) const
{
    if (isMissing())
        return fallback;
    if (!m_value.isString())
        expected("a string");
    return m_value.toString();
}

QString JsonCursor::scalarText(const QString &fallback) const
{
    switch (m_value.type()) {
    case QJsonValue::Undefined:
    case QJsonValue::Null: return fallback;
    case QJsonValue::String: return m_value.toString();
    case QJsonValue::Double: return numberText(m_value.toDouble());
    case QJsonValue::Bool:
        return m_value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Array:
    case QJsonValue::Object: break;
    }
    expected("a string, number or boolean");
}

bool JsonCursor::boolean(bool fallback) const
{
    if (isMissing())
        return fallback;
    if (!m_value.isBool())
        expected("true or false");
    return m_value.toBool();
}

QString JsonCursor::description() const
{
    if (isMissing() || m_value.isString())
        return string();
    if (!m_value.isObject())
        expected("a string or an object with \"content\"");
    const JsonCursor content = (*this)[QLatin1String("content")];
    if (!content.isString())
        content.expected("a string");
    return content.string();
}

void JsonCursor::fail(const QString &message) const
{
    throw ImportFailure {m_path.isEmpty() ? QStringLiteral("(top level)") : m_path, message};
}

void JsonCursor::expected(const char *what) const
{
    fail(QStringLiteral("expected %1, found %2").arg(QLatin1String(what), jsonTypeName(m_value)));
}

} // namespace Keyway::ImportDetail
