#include "collection/import/brunoimporter.h"

#include "collection/assertionjson.h"
#include "collection/import/bruparser.h"
#include "collection/import/importfailure.h"
#include "collection/import/secretlift.h"
#include "collection/import/textinput.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <optional>

namespace Keyway {

using namespace ImportDetail;

namespace {

const QStringList methods {QStringLiteral("get"), QStringLiteral("post"), QStringLiteral("put"),
                           QStringLiteral("patch"), QStringLiteral("delete"), QStringLiteral("options"),
                           QStringLiteral("head"), QStringLiteral("connect"), QStringLiteral("trace")};

// A failure inside one file of the folder: the error names that file.
struct FileFailure
{
    QString file;
    ImportFailure failure;
};

class BrunoReader
{
public:
    BrunoReader(ImportResult &result, QString root)
        : m_result(result)
        , m_root(std::move(root))
    {
    }

    void read()
    {
        const QJsonObject config = readConfig();
        FolderItem collection;
        collection.name = config.value(QLatin1String("name")).toString(QFileInfo(m_root).fileName());
        const QString collectionFile = m_root + QStringLiteral("/collection.bru");
        if (QFileInfo::exists(collectionFile))
            readFolderFile(collectionFile, collection, QString());
        readDirectory(m_root, collection, collection.name, 1);
        readEnvironments();
        m_result.workspace.collections.append(collection);
    }

private:
    QString relative(const QString &path) const { return QDir(m_root).relativeFilePath(path); }

    QString readText(const QString &path)
    {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            throw FileFailure {path, {QString(), file.errorString()}};
        if (file.size() > MaxImportBytes - m_bytesRead)
            throw FileFailure {path, {QString(), QStringLiteral("the collection is larger than the %1 MB an import reads")
                                                     .arg(MaxImportBytes / (1024 * 1024))}};
        const QByteArray bytes = file.readAll();
        m_bytesRead += bytes.size();
        try {
            checkInput(bytes);
        } catch (const ImportFailure &failure) {
            throw FileFailure {path, failure};
        }
        return decodeText(bytes);
    }

    QList<BruBlock> readBru(const QString &path)
    {
        const QString text = readText(path);
        try {
            return parseBru(text);
        } catch (const ImportFailure &failure) {
            throw FileFailure {path, failure};
        }
    }

    QJsonObject readConfig()
    {
        const QString path = m_root + QStringLiteral("/bruno.json");
        if (!QFileInfo::exists(path))
            return {};
        const QString text = readText(path);
        try {
            const QJsonDocument document = parseJson(text.toUtf8());
            if (!document.isObject())
                throw ImportFailure {QStringLiteral("(top level)"), QStringLiteral("expected a JSON object")};
            return document.object();
        } catch (const ImportFailure &failure) {
            throw FileFailure {path, failure};
        }
    }

    void readDirectory(const QString &directory, FolderItem &into, const QString &itemPath, int depth)
    {
        if (depth > MaxFolderDepth)
            throw FileFailure {directory, {QString(), QStringLiteral("folders nest deeper than %1 levels").arg(MaxFolderDepth)}};
        const QDir dir(directory);
        struct Entry
        {
            double seq;
            QString name;
            RequestItem request;
        };
        QList<Entry> requests;
        const QFileInfoList files = dir.entryInfoList({QStringLiteral("*.bru")}, QDir::Files | QDir::NoSymLinks, QDir::Name);
        for (const QFileInfo &file : files) {
            if (depth == 1 && file.fileName() == QLatin1String("collection.bru"))
                continue;
            if (file.fileName() == QLatin1String("folder.bru"))
                continue;
            double seq = 0;
            if (std::optional<RequestItem> request = readRequest(file.filePath(), itemPath, &seq))
                requests.append({seq, file.fileName(), *request});
        }
        std::stable_sort(requests.begin(), requests.end(), [](const Entry &a, const Entry &b) { return a.seq < b.seq; });
        for (const Entry &entry : std::as_const(requests))
            into.requests.append(entry.request);

        const QFileInfoList subdirectories = dir.entryInfoList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
        for (const QFileInfo &sub : subdirectories) {
            if (depth == 1 && (sub.fileName() == QLatin1String("environments") || sub.fileName() == QLatin1String("node_modules")
                               || sub.fileName().startsWith(QLatin1Char('.'))))
                continue;
            if (sub.isSymLink()) {
                m_result.issues.append({itemPath, QStringLiteral("the linked folder %1 was not followed").arg(relative(sub.filePath()))});
                continue;
            }
            FolderItem folder;
            folder.name = sub.fileName();
            const QString folderFile = sub.filePath() + QStringLiteral("/folder.bru");
            if (QFileInfo::exists(folderFile))
                readFolderFile(folderFile, folder, itemPath);
            readDirectory(sub.filePath(), folder, itemPath + QLatin1Char('/') + folder.name, depth + 1);
            into.folders.append(folder);
        }
    }

    // A folder's (or with an empty parentPath, the collection's) own file: its name from meta
    // first, so that what is reported names the folder as Bruno shows it.
    void readFolderFile(const QString &path, FolderItem &folder, const QString &parentPath)
    {
        const QList<BruBlock> blocks = readBru(path);
        for (const BruBlock &block : blocks) {
            if (block.name == QLatin1String("meta") && !block.value(QStringLiteral("name")).isEmpty())
                folder.name = block.value(QStringLiteral("name"));
        }
        const QString itemPath = parentPath.isEmpty() ? folder.name : parentPath + QLatin1Char('/') + folder.name;
        for (const BruBlock &block : blocks) {
            if (block.name == QLatin1String("meta"))
                continue;
            else if (block.name == QLatin1String("headers"))
                folder.headers = keyValues(block);
            else if (block.name == QLatin1String("docs"))
                folder.description = block.text;
            else if (block.name.startsWith(QLatin1String("vars:")))
                folder.variables += variables(block, itemPath);
            else if (block.name.startsWith(QLatin1String("auth")))
                ; // read below, with the mode from the auth block itself
            else
                reportOther(block, itemPath);
        }
        folder.auth = authFrom(blocks, QString(), itemPath, folder.variables);
    }

    std::optional<RequestItem> readRequest(const QString &path, const QString &parentPath, double *seq)
    {
        const QList<BruBlock> blocks = readBru(path);
        RequestItem request;
        request.name = QFileInfo(path).completeBaseName();
        const BruBlock *http = nullptr;
        QString type;
        for (const BruBlock &block : blocks) {
            if (block.name == QLatin1String("meta")) {
                if (!block.value(QStringLiteral("name")).isEmpty())
                    request.name = block.value(QStringLiteral("name"));
                *seq = block.value(QStringLiteral("seq")).toDouble();
                type = block.value(QStringLiteral("type"));
            } else if (methods.contains(block.name)) {
                http = &block;
            }
        }
        const QString itemPath = parentPath + QLatin1Char('/') + request.name;
        if (type == QLatin1String("graphql") && http) {
            m_result.issues.append({itemPath, QStringLiteral("a GraphQL request: imported as the JSON POST it sends")});
        } else if (!http) {
            m_result.issues.append({itemPath, QStringLiteral("%1 is not an HTTP request (type %2); not imported")
                                                  .arg(relative(path), type.isEmpty() ? QStringLiteral("unknown") : type)});
            return std::nullopt;
        }
        request.method = http->name.toUpper();
        request.url = http->value(QStringLiteral("url"));
        const QString bodyMode = http->value(QStringLiteral("body"));
        for (const BruBlock &block : blocks) {
            if (block.name == QLatin1String("meta") || methods.contains(block.name) || block.name.startsWith(QLatin1String("auth")))
                continue;
            if (block.name == QLatin1String("headers")) {
                request.headers = keyValues(block);
            } else if (block.name == QLatin1String("params:query")) {
                for (const BruEntry &e : block.entries) {
                    if (!e.enabled)
                        request.disabledQuery.append({e.key, e.value, false, {}});
                }
            } else if (block.name == QLatin1String("params:path")) {
                // Bruno's /users/:id: the value is a request variable, the segment {{id}}.
                for (const BruEntry &e : block.entries) {
                    const QRegularExpression segment(QStringLiteral("/:%1(?=[/?#]|$)").arg(QRegularExpression::escape(e.key)));
                    request.url.replace(segment, QStringLiteral("/{{%1}}").arg(e.key));
                    request.variables.append({e.key, e.value, e.enabled, false});
                }
            } else if (block.name == QLatin1String("docs")) {
                request.description = block.text;
            } else if (block.name.startsWith(QLatin1String("vars:"))) {
                request.variables += variables(block, itemPath);
            } else if (block.name.startsWith(QLatin1String("body:"))) {
                readBody(block, bodyMode, request, itemPath);
            } else if (block.name == QLatin1String("assert")) {
                readAssertions(block, request, itemPath);
            } else if (block.name == QLatin1String("settings")) {
                if (block.value(QStringLiteral("followRedirects")) == QLatin1String("false"))
                    request.settings.followRedirects = false;
            } else {
                reportOther(block, itemPath);
            }
        }
        request.auth = authFrom(blocks, http->value(QStringLiteral("auth")), itemPath, request.variables);
        return request;
    }

    void readBody(const BruBlock &block, const QString &mode, RequestItem &request, const QString &itemPath)
    {
        static const QHash<QString, QString> modeOf {
            {QStringLiteral("body:json"), QStringLiteral("json")}, {QStringLiteral("body:text"), QStringLiteral("text")},
            {QStringLiteral("body:xml"), QStringLiteral("xml")}, {QStringLiteral("body:sparql"), QStringLiteral("sparql")},
            {QStringLiteral("body:form-urlencoded"), QStringLiteral("formUrlEncoded")},
            {QStringLiteral("body:multipart-form"), QStringLiteral("multipartForm")},
            {QStringLiteral("body:graphql"), QStringLiteral("graphql")}, {QStringLiteral("body:file"), QStringLiteral("file")}};
        // A .bru file keeps every body the user typed; the one named in the method block is sent.
        if (modeOf.value(block.name) != mode) {
            if (block.name != QLatin1String("body:graphql:vars"))
                return;
        }
        RequestBody &body = request.body;
        if (block.name == QLatin1String("body:json") || block.name == QLatin1String("body:text")
            || block.name == QLatin1String("body:xml") || block.name == QLatin1String("body:sparql")) {
            body.mode = RequestBody::Mode::Raw;
            body.text = block.text;
            body.contentType = block.name == QLatin1String("body:json") ? QStringLiteral("application/json")
                : block.name == QLatin1String("body:xml") ? QStringLiteral("application/xml")
                : block.name == QLatin1String("body:sparql") ? QStringLiteral("application/sparql-query")
                                                           : QStringLiteral("text/plain");
        } else if (block.name == QLatin1String("body:form-urlencoded")) {
            body.mode = RequestBody::Mode::FormUrlEncoded;
            body.formFields = keyValues(block);
        } else if (block.name == QLatin1String("body:multipart-form")) {
            body.mode = RequestBody::Mode::Multipart;
            static const QRegularExpression file(QStringLiteral("^@file\\((.*?)\\)(?:\\s*@contentType\\((.*?)\\))?$"));
            for (const BruEntry &e : block.entries) {
                MultipartPart part;
                part.name = e.key;
                part.enabled = e.enabled;
                if (const auto match = file.match(e.value); match.hasMatch()) {
                    const QStringList paths = match.captured(1).split(QLatin1Char('|'), Qt::SkipEmptyParts);
                    part.contentType = match.captured(2);
                    for (const QString &one : paths) {
                        part.filePath = one;
                        body.parts.append(part);
                    }
                } else {
                    static const QRegularExpression typed(QStringLiteral("^(.*?)\\s*@contentType\\((.*?)\\)$"));
                    const auto t = typed.match(e.value);
                    part.value = t.hasMatch() ? t.captured(1) : e.value;
                    part.contentType = t.hasMatch() ? t.captured(2) : QString();
                    body.parts.append(part);
                }
            }
        } else if (block.name == QLatin1String("body:file")) {
            static const QRegularExpression file(QStringLiteral("@file\\((.*?)\\)(?:\\s*@contentType\\((.*?)\\))?"));
            for (const BruEntry &e : block.entries) {
                const auto match = file.match(e.value);
                if (e.enabled && match.hasMatch()) {
                    body.mode = RequestBody::Mode::File;
                    body.filePath = match.captured(1);
                    body.contentType = match.captured(2);
                    break;
                }
            }
        } else if (block.name == QLatin1String("body:graphql")) {
            body.mode = RequestBody::Mode::Raw;
            body.contentType = QStringLiteral("application/json");
            QJsonObject payload {{QStringLiteral("query"), block.text}};
            body.text = QString::fromUtf8(QJsonDocument(payload).toJson(QJsonDocument::Compact));
        } else if (block.name == QLatin1String("body:graphql:vars") && mode == QLatin1String("graphql")) {
            QJsonObject payload = QJsonDocument::fromJson(body.text.toUtf8()).object();
            payload.insert(QStringLiteral("variables"), QJsonDocument::fromJson(block.text.toUtf8()).object());
            body.text = QString::fromUtf8(QJsonDocument(payload).toJson(QJsonDocument::Compact));
        }
        Q_UNUSED(itemPath);
    }

    // Bruno's `assert` block ("res.status: eq 200", "res.body.id: isDefined") as far as
    // Keyway's assertions say the same; the rest is reported one by one.
    void readAssertions(const BruBlock &block, RequestItem &request, const QString &itemPath)
    {
        static const QRegularExpression expression(QStringLiteral("^(\\w+)\\s*(.*)$"));
        QJsonArray checks;
        for (const BruEntry &e : block.entries) {
            if (!e.enabled)
                continue;
            const auto match = expression.match(e.value);
            const QString op = match.captured(1);
            const QString operand = match.captured(2).trimmed();
            const QJsonDocument parsed = QJsonDocument::fromJson((QLatin1Char('[') + operand + QLatin1Char(']')).toUtf8());
            const QJsonValue value = parsed.isArray() && parsed.array().size() == 1 ? parsed.array().at(0)
                                                                                    : QJsonValue(operand);
            QJsonObject check;
            if (e.key == QLatin1String("res.status") && op == QLatin1String("eq") && value.isDouble()) {
                check = {{QStringLiteral("status"), value}};
            } else if (e.key == QLatin1String("res.responseTime") && op == QLatin1String("lt") && value.isDouble()) {
                check = {{QStringLiteral("responseTimeBelow"), value}};
            } else if (e.key.startsWith(QLatin1String("res.headers."))) {
                const QString header = e.key.mid(12);
                if (op == QLatin1String("isDefined"))
                    check = {{QStringLiteral("header"), header}};
                else if (op == QLatin1String("eq"))
                    check = {{QStringLiteral("header"), header}, {QStringLiteral("equals"), value.toVariant().toString()}};
                else if (op == QLatin1String("matches"))
                    check = {{QStringLiteral("header"), header}, {QStringLiteral("matches"), operand}};
                else if (op == QLatin1String("contains"))
                    check = {{QStringLiteral("header"), header}, {QStringLiteral("matches"), QRegularExpression::escape(value.toVariant().toString())}};
            } else if (e.key == QLatin1String("res.body") || e.key.startsWith(QLatin1String("res.body."))
                       || e.key.startsWith(QLatin1String("res.body["))) {
                const QString path = QStringLiteral("$") + e.key.mid(8);
                if (op == QLatin1String("eq"))
                    check = {{QStringLiteral("jsonPath"), path}, {QStringLiteral("equals"), value}};
                else if (op == QLatin1String("isDefined"))
                    check = {{QStringLiteral("jsonPath"), path}, {QStringLiteral("exists"), true}};
                else if (op == QLatin1String("isUndefined"))
                    check = {{QStringLiteral("jsonPath"), path}, {QStringLiteral("exists"), false}};
                else if (op == QLatin1String("matches"))
                    check = {{QStringLiteral("jsonPath"), path}, {QStringLiteral("matches"), operand}};
            }
            if (check.isEmpty()) {
                m_result.issues.append({itemPath, QStringLiteral("assertion \"%1: %2\" not imported").arg(e.key, e.value)});
                continue;
            }
            QString error;
            const auto one = WorkspaceJson::toAssertions(QJsonArray {check}, &error);
            if (!one) {
                m_result.issues.append({itemPath, QStringLiteral("assertion \"%1: %2\" not imported: %3").arg(e.key, e.value, error)});
                continue;
            }
            request.assertions += *one;
        }
    }

    static KeyValueList keyValues(const BruBlock &block)
    {
        KeyValueList rows;
        for (const BruEntry &e : block.entries)
            rows.append({e.key, e.value, e.enabled, {}});
        return rows;
    }

    VariableList variables(const BruBlock &block, const QString &itemPath)
    {
        VariableList list;
        if (block.name == QLatin1String("vars:post-response")) {
            m_result.issues.append({itemPath, QStringLiteral("post-response variables (set from the answer) not imported")});
            return list;
        }
        for (const BruEntry &e : block.entries)
            list.append({e.key, e.value, e.enabled, false});
        return list;
    }

    void reportOther(const BruBlock &block, const QString &itemPath)
    {
        QString what;
        if (block.name.startsWith(QLatin1String("script:")))
            what = QStringLiteral("%1 script").arg(block.name.mid(7));
        else if (block.name == QLatin1String("tests"))
            what = QStringLiteral("tests");
        else if (block.name == QLatin1String("assert"))
            what = QStringLiteral("assertions");
        else if (block.name == QLatin1String("body:graphql:vars") || block.name.startsWith(QLatin1String("body:")))
            return;
        else
            what = QStringLiteral("block %1").arg(block.name);
        if (!block.text.trimmed().isEmpty() || !block.entries.isEmpty())
            m_result.issues.append({itemPath, QStringLiteral("%1 not imported").arg(what)});
    }

    RequestAuth authFrom(const QList<BruBlock> &blocks, QString mode, const QString &itemPath, VariableList &scope)
    {
        RequestAuth auth;
        const BruBlock *settings = nullptr;
        for (const BruBlock &block : blocks) {
            if (block.name == QLatin1String("auth"))
                mode = block.value(QStringLiteral("mode"));
        }
        if (mode.isEmpty() || mode == QLatin1String("inherit"))
            return auth;
        for (const BruBlock &block : blocks) {
            if (block.name == QStringLiteral("auth:") + mode)
                settings = &block;
        }
        if (mode == QLatin1String("none")) {
            auth.mode = RequestAuth::Mode::None;
        } else if (mode == QLatin1String("bearer")) {
            auth = bearerAuth(settings ? settings->value(QStringLiteral("token")) : QString(), scope,
                              itemPath, m_result.issues);
        } else if (mode == QLatin1String("basic")) {
            auth = basicAuth(settings ? settings->value(QStringLiteral("username")) : QString(),
                             settings ? settings->value(QStringLiteral("password")) : QString(), scope,
                             itemPath, m_result.issues);
        } else {
            auth = unsupportedAuth(mode, itemPath, m_result.issues);
        }
        return auth;
    }

    void readEnvironments()
    {
        const QDir dir(m_root + QStringLiteral("/environments"));
        for (const QFileInfo &file : dir.entryInfoList({QStringLiteral("*.bru")}, QDir::Files | QDir::NoSymLinks, QDir::Name)) {
            Environment environment;
            environment.name = file.completeBaseName();
            for (const BruBlock &block : readBru(file.filePath())) {
                if (block.name == QLatin1String("vars")) {
                    for (const BruEntry &e : block.entries)
                        environment.variables.append({e.key, e.value, e.enabled, false});
                } else if (block.name == QLatin1String("vars:secret")) {
                    // Bruno keeps secret values out of the file too: only the names are here.
                    for (const BruEntry &e : block.entries)
                        environment.variables.append({e.key, QString(), e.enabled, true});
                }
            }
            m_result.workspace.environments.append(environment);
        }
    }

    ImportResult &m_result;
    QString m_root;
    qint64 m_bytesRead = 0;
};

} // namespace

bool isBrunoFolder(const QString &folder)
{
    const QDir dir(folder);
    return dir.exists(QStringLiteral("bruno.json"))
        || !dir.entryList({QStringLiteral("*.bru")}, QDir::Files).isEmpty();
}

ImportResult importBruno(const ImportSource &source)
{
    const QString root = QDir::cleanPath(source.folder);
    if (!QFileInfo(root).isDir())
        return ImportResult::failure({root, QString(), QStringLiteral("not a folder: a Bruno collection is imported from its folder")});
    ImportResult result;
    BrunoReader reader(result, root);
    try {
        reader.read();
    } catch (const FileFailure &failure) {
        return ImportResult::failure({failure.file, failure.failure.place, failure.failure.message});
    } catch (const std::bad_alloc &) {
        return ImportResult::failure({root, QString(), QStringLiteral("not enough memory to import this collection")});
    }
    return result;
}

} // namespace Keyway
