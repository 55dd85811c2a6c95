#pragma once

// Workspaces for the tests: one that uses every feature of the format in awkward ways.

#include "collection/workspacedata.h"

namespace Keyway::Fixture {

inline KeyValue kv(const QString &name, const QString &value, bool enabled = true)
{
    KeyValue row;
    row.name = name;
    row.value = value;
    row.enabled = enabled;
    return row;
}

inline Variable var(const QString &name, const QString &value, bool enabled = true)
{
    Variable v;
    v.name = name;
    v.value = value;
    v.enabled = enabled;
    return v;
}

inline RequestItem request(const QString &name, const QString &method, const QString &url)
{
    RequestItem r;
    r.name = name;
    r.method = method;
    r.url = url;
    return r;
}

// Nested folders, duplicate and non-ASCII names, every body mode, disabled headers, variables in
// every position, every auth mode, non-default settings, environments. No secrets.
inline WorkspaceData richWorkspace()
{
    WorkspaceData w;
    w.name = QStringLiteral("Team API ✓");
    w.id = QStringLiteral("5b0f5a52-6a57-4c55-9e0e-2f6c1c0d7a11");
    w.description = QStringLiteral("Shared requests\nfor the team");
    w.variables = {var(QStringLiteral("baseUrl"), QStringLiteral("https://api.example")),
                   var(QStringLiteral("off"), QStringLiteral("x"), false)};
    w.headers = {kv(QStringLiteral("X-Client"), QStringLiteral("keyway {{version}}")),
                 kv(QStringLiteral("X-Debug"), QStringLiteral("1"), false)};
    w.auth.mode = RequestAuth::Mode::Profile;
    w.auth.profile = QStringLiteral("default");

    RequestItem raw = request(QStringLiteral("Create user"), QStringLiteral("POST"),
                              QStringLiteral("{{baseUrl}}/users?team={{team}}"));
    raw.body.mode = RequestBody::Mode::Raw;
    raw.body.contentType = QStringLiteral("application/json");
    raw.body.text = QStringLiteral("{\n  \"name\": \"{{userName}}\",\n  \"tab\": \"\t\"\n}");
    raw.headers = {kv(QStringLiteral("Content-Type"), QStringLiteral("application/json")),
                   kv(QStringLiteral("X-Trace"), QStringLiteral("{{traceId}}"), false)};
    raw.variables = {var(QStringLiteral("userName"), QStringLiteral("Zoë"))};
    raw.description = QStringLiteral("Makes a user.");
    raw.disabledQuery = {kv(QStringLiteral("dryRun"), QStringLiteral("true"), false)};
    raw.settings.timeoutMs = 2500;
    raw.settings.followRedirects = false;

    RequestItem form = request(QStringLiteral("Create user"), QStringLiteral("POST"),
                               QStringLiteral("{{baseUrl}}/users/form"));
    form.body.mode = RequestBody::Mode::FormUrlEncoded;
    form.body.formFields = {kv(QStringLiteral("name"), QStringLiteral("{{userName}}")),
                            kv(QStringLiteral("skip"), QStringLiteral("me"), false)};
    form.auth.mode = RequestAuth::Mode::None;

    RequestItem multipart = request(QStringLiteral("Upload 画像"), QStringLiteral("PUT"),
                                    QStringLiteral("{{baseUrl}}/files/{{fileId}}"));
    multipart.body.mode = RequestBody::Mode::Multipart;
    MultipartPart text;
    text.name = QStringLiteral("title");
    text.value = QStringLiteral("{{title}}");
    MultipartPart file;
    file.name = QStringLiteral("file");
    file.filePath = QStringLiteral("fixtures/picture.png");
    file.contentType = QStringLiteral("image/png");
    MultipartPart off;
    off.name = QStringLiteral("off");
    off.value = QStringLiteral("1");
    off.enabled = false;
    multipart.body.parts = {text, file, off};
    multipart.auth.mode = RequestAuth::Mode::Bearer;
    multipart.auth.token = QStringLiteral("{{uploadToken}}");

    RequestItem binary = request(QStringLiteral("Put blob"), QStringLiteral("PATCH"),
                                 QStringLiteral("{{baseUrl}}/blobs/1"));
    binary.body.mode = RequestBody::Mode::File;
    binary.body.filePath = QStringLiteral("/tmp/blob.bin");
    binary.body.contentType = QStringLiteral("application/octet-stream");
    binary.auth.mode = RequestAuth::Mode::Basic;
    binary.auth.username = QStringLiteral("{{user}}");
    binary.auth.password = QStringLiteral("{{password}}");

    RequestItem custom = request(QStringLiteral("Purge: cache/all?"), QStringLiteral("PURGE"),
                                 QStringLiteral("{{baseUrl}}/cache"));

    FolderItem inner;
    inner.name = QStringLiteral("Ünïcødé ✓ inner");
    inner.description = QStringLiteral("deeper");
    inner.variables = {var(QStringLiteral("team"), QStringLiteral("blue"))};
    inner.headers = {kv(QStringLiteral("X-Inner"), QStringLiteral("{{team}}"))};
    inner.requests = {custom};
    FolderItem innermost;
    innermost.name = QStringLiteral("Leaf");
    innermost.requests = {
        request(QStringLiteral("Ping"), QStringLiteral("GET"), QStringLiteral("{{baseUrl}}/ping"))};
    inner.folders = {innermost};

    FolderItem twin;
    twin.name = QStringLiteral("Ünïcødé ✓ inner"); // a duplicate folder name
    twin.requests = {request(QStringLiteral("Ping"), QStringLiteral("GET"),
                             QStringLiteral("{{baseUrl}}/ping2"))};

    FolderItem users;
    users.name = QStringLiteral("Users");
    users.description = QStringLiteral("User management");
    users.headers = {kv(QStringLiteral("Accept"), QStringLiteral("application/json")),
                     kv(QStringLiteral("X-Old"), QStringLiteral("1"), false)};
    users.auth.mode = RequestAuth::Mode::Bearer;
    users.auth.token = QStringLiteral("{{usersToken}}");
    users.variables = {var(QStringLiteral("team"), QStringLiteral("red"))};
    // Not in natural order on purpose: the order must survive.
    users.requests = {raw, form, multipart, binary};
    users.folders = {twin, inner};

    FolderItem empty;
    empty.name = QStringLiteral("Empty");

    w.collections = {users, empty};
    w.requests = {
        request(QStringLiteral("Zeta top"), QStringLiteral("GET"), QStringLiteral("{{baseUrl}}/z")),
        request(QStringLiteral("Alpha top"), QStringLiteral("DELETE"),
                QStringLiteral("{{baseUrl}}/a"))};

    Environment dev;
    dev.name = QStringLiteral("dev");
    dev.variables = {var(QStringLiteral("baseUrl"), QStringLiteral("http://127.0.0.1:8080")),
                     var(QStringLiteral("debug"), QStringLiteral("1"), false)};
    Environment prod;
    prod.name = QStringLiteral("Prod / EU");
    prod.variables = {var(QStringLiteral("baseUrl"), QStringLiteral("https://eu.example"))};
    w.environments = {prod, dev};
    return w;
}

// The rich workspace with 200 more requests, every URL ending in /a or (b) /b: two versions of
// one folder whose every file differs.
inline WorkspaceData twoVersions(bool b)
{
    WorkspaceData data = richWorkspace();
    const QString suffix = b ? QStringLiteral("/b") : QStringLiteral("/a");
    QList<FolderItem *> stack;
    for (FolderItem &c : data.collections)
        stack.append(&c);
    for (RequestItem &r : data.requests)
        r.url += suffix;
    while (!stack.isEmpty()) {
        FolderItem *folder = stack.takeLast();
        folder->description = suffix;
        for (RequestItem &r : folder->requests)
            r.url += suffix;
        for (FolderItem &f : folder->folders)
            stack.append(&f);
    }
    // Bulk, so that a save takes long enough to be interrupted in the middle.
    for (int i = 0; i < 200; ++i)
        data.collections[1].requests.append(
            request(QStringLiteral("Bulk %1").arg(i), QStringLiteral("GET"),
                    QStringLiteral("/bulk/%1%2").arg(i).arg(suffix)));
    return data;
}

} // namespace Keyway::Fixture
