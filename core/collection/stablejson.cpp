#include "collection/stablejson.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>

#include <algorithm>
#include <cmath>

namespace Keyway {

namespace {

int keyRank(const QString &key)
{
    static const QStringList first {
        QStringLiteral("format"), QStringLiteral("id"), QStringLiteral("name"),
        QStringLiteral("method"), QStringLiteral("url"),
        // an assertion's subject before its test ("equals", ...)
        QStringLiteral("status"), QStringLiteral("header"), QStringLiteral("jsonPath"),
        QStringLiteral("responseTimeBelow")};
    const qsizetype at = first.indexOf(key);
    return at < 0 ? int(first.size()) : int(at);
}

void writeString(QByteArray &out, const QString &text)
{
    out += '"';
    const QByteArray utf8 = text.toUtf8();
    for (const char c : utf8) {
        const auto u = static_cast<unsigned char>(c);
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (u < 0x20) {
                out += "\\u00";
                out += QByteArray::number(u, 16).rightJustified(2, '0');
            } else {
                out += c;
            }
        }
    }
    out += '"';
}

void writeValue(QByteArray &out, const QJsonValue &value, int indent)
{
    const QByteArray pad(indent * 2, ' ');
    const QByteArray innerPad((indent + 1) * 2, ' ');
    switch (value.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined: out += "null"; break;
    case QJsonValue::Bool: out += value.toBool() ? "true" : "false"; break;
    case QJsonValue::Double: {
        const double d = value.toDouble();
        if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9007199254740992.0)
            out += QByteArray::number(qint64(d));
        else if (std::isfinite(d))
            out += QByteArray::number(d, 'g', 17);
        else
            out += "null";
        break;
    }
    case QJsonValue::String: writeString(out, value.toString()); break;
    case QJsonValue::Array: {
        const QJsonArray array = value.toArray();
        if (array.isEmpty()) {
            out += "[]";
            break;
        }
        out += "[\n";
        for (qsizetype i = 0; i < array.size(); ++i) {
            out += innerPad;
            writeValue(out, array.at(i), indent + 1);
            out += i + 1 < array.size() ? ",\n" : "\n";
        }
        out += pad;
        out += ']';
        break;
    }
    case QJsonValue::Object: {
        const QJsonObject object = value.toObject();
        if (object.isEmpty()) {
            out += "{}";
            break;
        }
        QStringList keys = object.keys();
        std::stable_sort(keys.begin(), keys.end(), [](const QString &a, const QString &b) {
            const int ra = keyRank(a), rb = keyRank(b);
            return ra != rb ? ra < rb : a < b;
        });
        out += "{\n";
        for (qsizetype i = 0; i < keys.size(); ++i) {
            out += innerPad;
            writeString(out, keys.at(i));
            out += ": ";
            writeValue(out, object.value(keys.at(i)), indent + 1);
            out += i + 1 < keys.size() ? ",\n" : "\n";
        }
        out += pad;
        out += '}';
        break;
    }
    }
}

} // namespace

QByteArray stableJson(const QJsonValue &value)
{
    QByteArray out;
    writeValue(out, value, 0);
    out += '\n';
    return out;
}

} // namespace Keyway
