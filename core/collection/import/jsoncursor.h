#pragma once

// Internal to the importers: a JSON value together with its path in the document, so that a
// field of the wrong type is reported as "item[2].request.header[0].key: expected a string".

#include "collection/import/importfailure.h"

#include <QJsonValue>
#include <QList>
#include <QString>

namespace Keyway::ImportDetail {

class JsonCursor
{
public:
    JsonCursor() = default;
    JsonCursor(QJsonValue value, QString path);

    const QJsonValue &value() const { return m_value; }
    const QString &path() const { return m_path; }
    // Absent and null mean the same for every field the importers read.
    bool isMissing() const { return m_value.isUndefined() || m_value.isNull(); }
    bool isString() const { return m_value.isString(); }
    bool isObject() const { return m_value.isObject(); }
    bool isArray() const { return m_value.isArray(); }
    // Whether an object is there: false when missing; fails, naming `what`, for anything else.
    bool isPresentObject(const char *what) const;

    // A member of an object (missing when absent); fails when this is not an object.
    JsonCursor operator[](QLatin1String key) const;
    bool has(QLatin1String key) const;
    // The elements of an array; a missing value is an empty array.
    QList<JsonCursor> elements() const;
    // The members of an object in the document's key order, as (key, cursor).
    QList<std::pair<QString, JsonCursor>> members() const;

    // A string field; missing gives `fallback`.
    QString string(const QString &fallback = {}) const;
    // A string, number or boolean field as text (variable values are often numbers).
    QString scalarText(const QString &fallback = {}) const;
    bool boolean(bool fallback) const;
    // Text of a description: a string, or an object with `content` (Postman).
    QString description() const;

    [[noreturn]] void fail(const QString &message) const;
    [[noreturn]] void expected(const char *what) const;

private:
    QJsonValue m_value;
    QString m_path;
};

} // namespace Keyway::ImportDetail
