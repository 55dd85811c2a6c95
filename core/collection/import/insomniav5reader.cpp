#include "collection/import/insomniav5reader.h"

#include <QRegularExpression>

namespace Keyway::ImportDetail {

namespace {

const auto L = [](const char *text) {
    return QLatin1String(text);
};

const QString WhatKeywayReads =
    QStringLiteral("Keyway imports Insomnia collections, design documents and environments");

// The objects of `list` as Insomnia shows them: by meta.sortKey, whatever their order in the
// file (equal keys keep it).
QList<JsonCursor> sortedBySortKey(const JsonCursor &list, const char *what)
{
    QList<std::pair<double, JsonCursor>> keyed;
    for (const JsonCursor &entry : list.elements()) {
        if (!entry.isObject())
            entry.expected(what);
        keyed.append({InsomniaMapping::sortKey(entry[L("meta")][L("sortKey")]), entry});
    }
    std::stable_sort(keyed.begin(), keyed.end(),
                     [](const auto &a, const auto &b) { return a.first < b.first; });
    QList<JsonCursor> sorted;
    sorted.reserve(keyed.size());
    for (const auto &[key, entry] : std::as_const(keyed))
        sorted.append(entry);
    return sorted;
}

} // namespace

bool InsomniaV5Reader::isV5Type(const QString &type)
{
    // mcpClient.insomnia/5.0 lacks the ".rest" on purpose (older Insomnias choke on it).
    static const QRegularExpression pattern(
        QStringLiteral("^[A-Za-z][A-Za-z0-9]*\\.insomnia(\\.rest)?/\\d+(\\.\\d+)*$"));
    return pattern.match(type).hasMatch();
}

void InsomniaV5Reader::read(const JsonCursor &root)
{
    const JsonCursor typeField = root[L("type")];
    const QString type = typeField.string();
    if (!isV5Type(type))
        typeField.fail(QStringLiteral("\"%1\" is not an Insomnia file type (an Insomnia v5 file "
                                      "begins with type: collection.insomnia.rest/5.0)")
                           .arg(type));
    // The type keeps "/5.0" across 5.x; schema_version says which 5.x wrote the file.
    if (type.section(QLatin1Char('/'), 1).section(QLatin1Char('.'), 0, 0) != QLatin1String("5"))
        typeField.fail(QStringLiteral("Insomnia file format %1 is not one Keyway reads (5.x)")
                           .arg(type.section(QLatin1Char('/'), 1)));
    const JsonCursor schema = root[L("schema_version")];
    if (!schema.isMissing()
        && schema.scalarText().section(QLatin1Char('.'), 0, 0) != QLatin1String("5"))
        schema.fail(QStringLiteral("Insomnia schema version %1 is not one Keyway reads (5.x)")
                        .arg(schema.scalarText()));
    const QString kind = type.section(QLatin1Char('.'), 0, 0);
    QString name = root[L("name")].scalarText().trimmed();
    if (name.isEmpty())
        name = QStringLiteral("Insomnia %1").arg(kind);
    if (kind == QLatin1String("collection") || kind == QLatin1String("spec"))
        readCollection(root, name, kind == QLatin1String("spec"));
    else if (kind == QLatin1String("environment"))
        readGlobalEnvironments(root, name);
    else if (kind == QLatin1String("mock"))
        typeField.fail(QStringLiteral("an Insomnia mock server holds canned responses, not "
                                      "requests: %1")
                           .arg(WhatKeywayReads));
    else if (kind == QLatin1String("mcpClient"))
        typeField.fail(QStringLiteral("an Insomnia MCP client is not an HTTP collection: %1")
                           .arg(WhatKeywayReads));
    else
        typeField.fail(QStringLiteral("Insomnia \"%1\" files are not imported: %2")
                           .arg(kind, WhatKeywayReads));
}

void InsomniaV5Reader::readCollection(const JsonCursor &root, const QString &name, bool design)
{
    FolderItem collection;
    collection.name = name;
    collection.description = root[L("meta")][L("description")].string();
    m_map.setWhere(name);
    collection.variables = readEnvironments(root[L("environments")]);
    readItems(root[L("collection")], collection, name, 1);
    m_map.setWhere(name);
    reportLeftOut(root[L("cookieJar")][L("cookies")], QStringLiteral("cookie(s) of the cookie jar"),
                  name);
    reportLeftOut(root[L("certificates")], QStringLiteral("CA certificate(s)"), name);
    if (design) {
        if (!root[L("spec")].isMissing())
            m_map.result().issues.append(
                {name,
                 QStringLiteral("the API spec of the design document not imported (its "
                                "requests and environments are)")});
        reportLeftOut(root[L("testSuites")], QStringLiteral("test suite(s)"), name);
    }
    m_map.result().workspace.collections.append(collection);
}

// A global environment file has no collection to hold its base environment: those variables are
// the workspace's, as Postman globals are.
void InsomniaV5Reader::readGlobalEnvironments(const JsonCursor &root, const QString &name)
{
    m_map.setWhere(name);
    ImportResult &result = m_map.result();
    result.workspace.variables = readEnvironments(root[L("environments")]);
    if (!result.workspace.variables.isEmpty())
        result.issues.append(
            {name, QStringLiteral("the base environment was imported as workspace variables")});
}

void InsomniaV5Reader::readItems(const JsonCursor &items, FolderItem &into, const QString &path,
                                 int depth)
{
    for (const JsonCursor &item : sortedBySortKey(items, "a request or folder object"))
        readItem(item, into, path, depth);
}

void InsomniaV5Reader::readItem(const JsonCursor &item, FolderItem &into, const QString &path,
                                int depth)
{
    const QString name = item[L("name")].scalarText();
    const QString itemPath = path + QLatin1Char('/') + name;
    m_map.setWhere(itemPath);
    const JsonCursor meta = item[L("meta")];
    const QString id = meta[L("id")].scalarText();
    // Insomnia leaves an empty folder's children out: its fld_ id still says what it is.
    if (!item[L("children")].isMissing() || id.startsWith(QLatin1String("fld_"))) {
        if (depth > MaxFolderDepth)
            item.fail(QStringLiteral("folders nest deeper than %1 levels").arg(MaxFolderDepth));
        FolderItem folder = m_map.folder(item, name, itemPath);
        folder.description = meta[L("description")].string();
        scripts(item, itemPath);
        readItems(item[L("children")], folder, itemPath, depth + 1);
        into.folders.append(folder);
    } else if (item.has(L("method"))) {
        RequestItem request = m_map.request(item, name, itemPath);
        request.description = meta[L("description")].string();
        request.settings.followRedirects =
            InsomniaMapping::followsRedirects(item[L("settings")][L("followRedirects")]);
        scripts(item, itemPath);
        into.requests.append(request);
    } else if (item.has(L("reflectionApi")) || id.startsWith(QLatin1String("greq_"))) {
        m_map.notHttp(QStringLiteral("gRPC request"), itemPath);
    } else if (id.startsWith(QLatin1String("ws-req"))) {
        m_map.notHttp(QStringLiteral("WebSocket request"), itemPath);
    } else if (id.startsWith(QLatin1String("socketio-req"))) {
        m_map.notHttp(QStringLiteral("Socket.IO request"), itemPath);
    } else {
        item.fail(QStringLiteral("neither a request (it has no \"method\") nor a folder (it has "
                                 "no \"children\")"));
    }
}

void InsomniaV5Reader::scripts(const JsonCursor &item, const QString &path)
{
    const JsonCursor scripts = item[L("scripts")];
    m_map.scripts(scripts[L("preRequest")], scripts[L("afterResponse")], path);
}

VariableList InsomniaV5Reader::readEnvironments(const JsonCursor &base)
{
    if (!base.isPresentObject("an environment object"))
        return {};
    const VariableList variables =
        m_map.environment(base, base[L("meta")][L("isPrivate")].boolean(false)).variables;
    for (const JsonCursor &sub :
         sortedBySortKey(base[L("subEnvironments")], "an environment object"))
        m_map.result().workspace.environments.append(
            m_map.environment(sub, sub[L("meta")][L("isPrivate")].boolean(false)));
    return variables;
}

void InsomniaV5Reader::reportLeftOut(const JsonCursor &list, const QString &what,
                                     const QString &path)
{
    const qsizetype count = list.elements().size();
    if (count > 0)
        m_map.result().issues.append(
            {path, QStringLiteral("%1 %2 not imported").arg(count).arg(what)});
}

} // namespace Keyway::ImportDetail
