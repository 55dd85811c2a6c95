#include "collection/import/insomniaimporter.h"

#include "collection/import/importguard.h"
#include "collection/import/insomniamapping.h"
#include "collection/import/insomniav5reader.h"
#include "collection/import/textinput.h"
#include "collection/import/yamlreader.h"

#include <QJsonObject>
#include <QRegularExpression>

namespace Keyway {

using namespace ImportDetail;

namespace {

const auto L = [](const char *text) {
    return QLatin1String(text);
};

struct Resource
{
    JsonCursor cursor;
    QString id;
    QString type;
    QString parentId;
    double sortKey = 0; // equal keys keep the file's order (a stable sort)
};

class InsomniaReader
{
public:
    explicit InsomniaReader(ImportResult &result) : m_map(result) { }

    const QString &where() const { return m_map.where(); }

    void read(const JsonCursor &root)
    {
        const int format = root[L("__export_format")].scalarText().toInt();
        if (format != 4)
            root[L("__export_format")].fail(
                QStringLiteral("Insomnia export format %1 cannot be imported: export it again "
                               "from a current Insomnia (v5 YAML) or as \"Insomnia v4\" (JSON "
                               "or YAML)")
                    .arg(root[L("__export_format")].scalarText()));
        const QList<JsonCursor> entries = root[L("resources")].elements();
        if (!root[L("resources")].isArray())
            root[L("resources")].expected("an array of resources");
        QList<Resource> resources;
        for (const JsonCursor &entry : entries) {
            if (!entry.isObject())
                entry.expected("a resource object");
            const Resource r {entry, entry[L("_id")].scalarText(), entry[L("_type")].string(),
                              entry[L("parentId")].scalarText(),
                              InsomniaMapping::sortKey(entry[L("metaSortKey")])};
            if (r.id.isEmpty())
                entry[L("_id")].fail(QStringLiteral("a resource without an _id"));
            if (r.type.isEmpty())
                entry[L("_type")].fail(QStringLiteral("a resource without a _type"));
            m_children[r.parentId].append(resources.size());
            resources.append(r);
        }
        m_resources = resources;
        ImportResult &result = m_map.result();
        for (const Resource &r : std::as_const(m_resources)) {
            if (r.type != QLatin1String("workspace"))
                continue;
            FolderItem collection;
            collection.name = r.cursor[L("name")].scalarText();
            collection.description = r.cursor[L("description")].string();
            m_map.setWhere(collection.name);
            readEnvironments(r.id, collection);
            readChildren(r.id, collection, collection.name, 1);
            result.workspace.collections.append(collection);
        }
        if (result.workspace.collections.isEmpty())
            root[L("resources")].fail(QStringLiteral("the export has no workspace resource"));
        // Everything not under a workspace (a broken parentId) is said, not dropped silently.
        const qsizetype requests =
            std::count_if(m_resources.cbegin(), m_resources.cend(), [](const Resource &r) {
                return r.type == QLatin1String("request")
                    || r.type == QLatin1String("request_group");
            });
        const qsizetype orphans = requests - m_placedRequests;
        if (orphans > 0)
            result.issues.append(
                {QString(),
                 QStringLiteral("%1 request(s) or folder(s) whose parent is missing not imported")
                     .arg(orphans)});
    }

private:
    QList<qsizetype> sortedChildren(const QString &parentId) const
    {
        QList<qsizetype> children = m_children.value(parentId);
        std::stable_sort(children.begin(), children.end(), [this](qsizetype a, qsizetype b) {
            return m_resources[a].sortKey < m_resources[b].sortKey;
        });
        return children;
    }

    void readChildren(const QString &parentId, FolderItem &into, const QString &path, int depth)
    {
        for (const qsizetype index : sortedChildren(parentId)) {
            const Resource &r = m_resources[index];
            const QString name = r.cursor[L("name")].scalarText();
            const QString childPath = path + QLatin1Char('/') + name;
            m_map.setWhere(childPath);
            if (r.type == QLatin1String("request_group")) {
                if (depth > MaxFolderDepth)
                    r.cursor.fail(
                        QStringLiteral("folders nest deeper than %1 levels").arg(MaxFolderDepth));
                FolderItem folder = m_map.folder(r.cursor, name, childPath);
                folder.description = r.cursor[L("description")].string();
                scripts(r.cursor, childPath);
                ++m_placedRequests;
                readChildren(r.id, folder, childPath, depth + 1);
                into.folders.append(folder);
            } else if (r.type == QLatin1String("request")) {
                ++m_placedRequests;
                RequestItem request = m_map.request(r.cursor, name, childPath);
                request.description = r.cursor[L("description")].string();
                request.settings.followRedirects =
                    InsomniaMapping::followsRedirects(r.cursor[L("settingFollowRedirects")]);
                scripts(r.cursor, childPath);
                into.requests.append(request);
            } else if (r.type == QLatin1String("grpc_request")
                       || r.type == QLatin1String("websocket_request")) {
                m_map.notHttp(r.type, childPath);
            }
        }
    }

    void scripts(const JsonCursor &source, const QString &path)
    {
        m_map.scripts(source[L("preRequestScript")], source[L("afterResponseScript")], path);
    }

    void readEnvironments(const QString &workspaceId, FolderItem &collection)
    {
        for (const qsizetype index : sortedChildren(workspaceId)) {
            const Resource &base = m_resources[index];
            if (base.type != QLatin1String("environment"))
                continue;
            collection.variables +=
                m_map.variables(base.cursor[L("data")], base.cursor[L("dataPropertyOrder")]);
            for (const qsizetype subIndex : sortedChildren(base.id)) {
                const Resource &sub = m_resources[subIndex];
                if (sub.type != QLatin1String("environment"))
                    continue;
                m_map.result().workspace.environments.append(
                    m_map.environment(sub.cursor, sub.cursor[L("isPrivate")].boolean(false)));
            }
        }
    }

    InsomniaMapping m_map;
    QList<Resource> m_resources;
    QHash<QString, QList<qsizetype>> m_children;
    qsizetype m_placedRequests = 0;
};

bool looksLikeYaml(const QByteArray &bytes)
{
    QByteArrayView view(bytes);
    if (view.startsWith("\xEF\xBB\xBF"))
        view = view.sliced(3);
    while (!view.isEmpty() && QChar::isSpace(static_cast<unsigned char>(view.front())))
        view = view.sliced(1);
    return !view.startsWith('{');
}

} // namespace

bool isInsomniaYaml(const QByteArray &bytes)
{
    static const QRegularExpression v4(
        QStringLiteral("^\\s*(---\\s*\\n)?(#.*\\n)*\\s*_type:\\s*[\"']?export"));
    // v5 writes `type` first, but a top-level key anywhere near the start is enough.
    static const QRegularExpression v5(
        QStringLiteral("^type:\\s*[\"']?[A-Za-z][A-Za-z0-9]*\\.insomnia(\\.rest)?/\\d"),
        QRegularExpression::MultilineOption);
    const QString start = QString::fromUtf8(bytes.left(4096));
    return v4.match(start).hasMatch() || v5.match(start).hasMatch();
}

bool isInsomniaObject(const QJsonObject &root)
{
    return root.value(QLatin1String("_type")).toString() == QLatin1String("export")
        || InsomniaV5Reader::isV5Type(root.value(QLatin1String("type")).toString());
}

ImportResult importInsomnia(const ImportSource &source)
{
    return guardedImport(source.fileName, &source.bytes, [&source](ImportResult &result) {
        QJsonValue root;
        QHash<QString, QString> places;
        const bool yaml = looksLikeYaml(source.bytes);
        if (yaml) {
            YamlDocument document = parseYaml(source.bytes);
            root = document.root;
            places = std::move(document.places);
        } else {
            root = parseJson(source.bytes).object();
        }
        if (!root.isObject())
            throw ImportFailure {QStringLiteral("(top level)"),
                                 QStringLiteral("expected an Insomnia export object")};
        // v4 exports say `_type: export` and `__export_format: 4`; v5 files only `type`.
        const QJsonObject object = root.toObject();
        const bool v5 = object.contains(QLatin1String("type"))
            && !object.contains(QLatin1String("_type"))
            && !object.contains(QLatin1String("__export_format"));
        InsomniaReader v4Reader(result);
        InsomniaV5Reader v5Reader(result);
        try {
            if (v5)
                v5Reader.read(JsonCursor(root, QString()));
            else
                v4Reader.read(JsonCursor(root, QString()));
        } catch (ImportFailure &failure) {
            // In YAML, the line and column of the node say more than its path alone.
            if (yaml) {
                QString path = failure.place;
                while (!path.isEmpty() && !places.contains(path)) {
                    const qsizetype parent = std::max(path.lastIndexOf(QLatin1Char('.')),
                                                      path.lastIndexOf(QLatin1Char('[')));
                    path = parent > 0 ? path.left(parent) : QString();
                }
                if (places.contains(path))
                    failure.place = places.value(path) + QStringLiteral(" (") + failure.place
                        + QLatin1Char(')');
            }
            const QString &where = v5 ? v5Reader.where() : v4Reader.where();
            if (!where.isEmpty())
                failure.place += QStringLiteral(" (in %1)").arg(where);
            throw;
        }
    });
}

} // namespace Keyway
