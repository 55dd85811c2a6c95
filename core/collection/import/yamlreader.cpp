#include "collection/import/yamlreader.h"

#include "collection/import/importfailure.h"

#include <QJsonArray>
#include <QJsonObject>

#include <yaml.h>

#include <memory>

namespace Keyway::ImportDetail {

namespace {

constexpr int MaxYamlDepth = 1024; // the same bound QJsonDocument sets for JSON

QString place(const yaml_mark_t &mark)
{
    return QStringLiteral("%1:%2").arg(mark.line + 1).arg(mark.column + 1);
}

QJsonValue scalarValue(const yaml_event_t &event)
{
    const QString text = QString::fromUtf8(reinterpret_cast<const char *>(event.data.scalar.value),
                                           qsizetype(event.data.scalar.length));
    if (event.data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
        return text;
    if (text == QLatin1String("true") || text == QLatin1String("True"))
        return true;
    if (text == QLatin1String("false") || text == QLatin1String("False"))
        return false;
    if (text.isEmpty() || text == QLatin1String("~") || text == QLatin1String("null")
        || text == QLatin1String("Null"))
        return QJsonValue(QJsonValue::Null);
    return text;
}

struct Frame
{
    bool isMapping = false;
    QJsonObject object;
    QJsonArray array;
    QString path;
    QString pendingKey; // a mapping waiting for the value of this key
    bool haveKey = false;
};

QString childPath(const Frame &frame)
{
    if (frame.isMapping)
        return frame.path.isEmpty() ? frame.pendingKey : frame.path + QLatin1Char('.') + frame.pendingKey;
    return frame.path + QLatin1Char('[') + QString::number(frame.array.size()) + QLatin1Char(']');
}

} // namespace

YamlDocument parseYaml(const QByteArray &bytes)
{
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser))
        throw ImportFailure {QString(), QStringLiteral("the YAML parser could not start")};
    const std::unique_ptr<yaml_parser_t, void (*)(yaml_parser_t *)> guard(&parser, yaml_parser_delete);
    yaml_parser_set_input_string(&parser, reinterpret_cast<const unsigned char *>(bytes.constData()),
                                 size_t(bytes.size()));

    YamlDocument document;
    QList<Frame> stack;
    bool haveRoot = false;
    // A finished node goes into its parent (or becomes the root).
    const auto deliver = [&](QJsonValue value, const QString &path, const yaml_mark_t &mark) {
        document.places.insert(path, place(mark));
        if (stack.isEmpty()) {
            if (!haveRoot)
                document.root = std::move(value);
            haveRoot = true;
            return;
        }
        Frame &parent = stack.last();
        if (parent.isMapping) {
            parent.object.insert(parent.pendingKey, value);
            parent.haveKey = false;
        } else {
            parent.array.append(value);
        }
    };

    for (;;) {
        yaml_event_t event;
        if (!yaml_parser_parse(&parser, &event)) {
            const QString where = place(parser.problem_mark);
            const QString problem = QString::fromUtf8(parser.problem ? parser.problem : "unknown error");
            throw ImportFailure {where, QStringLiteral("not valid YAML: %1").arg(problem)};
        }
        const std::unique_ptr<yaml_event_t, void (*)(yaml_event_t *)> eventGuard(&event, yaml_event_delete);
        const yaml_event_type_t type = event.type;
        if (type == YAML_STREAM_END_EVENT)
            break;
        if (type == YAML_DOCUMENT_START_EVENT && haveRoot)
            throw ImportFailure {place(event.start_mark), QStringLiteral("more than one YAML document")};
        if (type == YAML_ALIAS_EVENT)
            throw ImportFailure {place(event.start_mark),
                                 QStringLiteral("YAML aliases (*%1) are not supported in an import")
                                     .arg(QString::fromUtf8(reinterpret_cast<const char *>(event.data.alias.anchor)))};
        const bool isKey = !stack.isEmpty() && stack.last().isMapping && !stack.last().haveKey;
        if (type == YAML_SCALAR_EVENT) {
            if (isKey) {
                stack.last().pendingKey = scalarValue(event).toVariant().toString();
                stack.last().haveKey = true;
                continue;
            }
            const QString path = stack.isEmpty() ? QString() : childPath(stack.last());
            deliver(scalarValue(event), path, event.start_mark);
        } else if (type == YAML_MAPPING_START_EVENT || type == YAML_SEQUENCE_START_EVENT) {
            if (isKey)
                throw ImportFailure {place(event.start_mark), QStringLiteral("a mapping key that is not a plain value")};
            if (stack.size() >= MaxYamlDepth)
                throw ImportFailure {place(event.start_mark),
                                     QStringLiteral("the YAML nests deeper than the %1 levels an import reads").arg(MaxYamlDepth)};
            Frame frame;
            frame.isMapping = type == YAML_MAPPING_START_EVENT;
            frame.path = stack.isEmpty() ? QString() : childPath(stack.last());
            document.places.insert(frame.path, place(event.start_mark));
            stack.append(std::move(frame));
        } else if (type == YAML_MAPPING_END_EVENT || type == YAML_SEQUENCE_END_EVENT) {
            Frame frame = stack.takeLast();
            const QString path = frame.path;
            const QString where = document.places.value(path);
            QJsonValue value = frame.isMapping ? QJsonValue(frame.object) : QJsonValue(frame.array);
            deliver(std::move(value), path, event.start_mark);
            document.places.insert(path, where); // where the node starts, not where it ends
        }
    }
    return document;
}

} // namespace Keyway::ImportDetail
