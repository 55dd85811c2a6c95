// The workspaces tst_cli_run runs, written as the files a team keeps in git. In a file of
// their own: moc misreads the raw string literals they are written with.
#include "runworkspaces.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>

namespace Keyway::Test::RunWorkspaces {

namespace {

bool writeJson(bool ok, const QString &path, const QByteArray &json)
{
    if (!ok || !QJsonDocument::fromJson(json).isObject()) // the test's own files are valid JSON
        return false;
    QDir().mkpath(QFileInfo(path).path());
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(json) == json.size();
}

} // namespace

bool writeAssertionWorkspace(const QString &root, const QUrl &baseUrl)
{
    const QByteArray base = baseUrl.toString().toUtf8();
    bool ok = true;
    ok = writeJson(ok, root + QStringLiteral("/workspace.json"),
                   R"({"format": 1, "id": "0b7c1d2e-1111-4a4a-9c9c-000000000001", "name": "ci",
                      "auth": {"mode": "profile", "profile": "sandbox"},
                      "variables": [{"name": "base", "value": "http://nowhere.invalid"}]})");
    ok = writeJson(ok, root + QStringLiteral("/environments/local.json"),
                   R"({"name": "local", "variables": [{"name": "base", "value": ")" + base
                       + R"("}]})");
    ok = writeJson(ok, root + QStringLiteral("/Items/List items.request.json"),
                   R"({"name": "List items", "method": "GET", "url": "{{base}}/api/items",
                      "assert": [{"status": 200}, {"header": "Content-Type", "matches": "json"},
                                 {"jsonPath": "$.items[0].id", "equals": 1},
                                 {"jsonPath": "$.items[2].name", "equals": "charlie"},
                                 {"jsonPath": "$.next", "exists": false}]})");
    ok = writeJson(ok, root + QStringLiteral("/Items/Wrong id.request.json"),
                   R"({"name": "Wrong id", "method": "GET", "url": "{{base}}/api/items",
                      "assert": [{"status": "2xx"}, {"jsonPath": "$.items[0].id", "equals": 2}]})");
    ok = writeJson(ok, root + QStringLiteral("/Items/Missing route.request.json"),
                   R"({"name": "Missing route", "method": "GET", "url": "{{base}}/api/nope"})");
    ok = writeJson(ok, root + QStringLiteral("/Items/Echo.request.json"),
                   R"({"name": "Echo", "method": "POST", "url": "{{base}}/api/echo?tag={{tag}}",
                      "body": {"mode": "raw", "contentType": "application/json",
                               "text": "{\"hello\": \"{{tag}}\"}"},
                      "assert": [{"status": [200, 201]}]})");
    ok = writeJson(ok, root + QStringLiteral("/Ping.request.json"),
                   R"({"name": "Ping", "method": "GET", "url": "{{base}}/api/items"})");
    return ok;
}

bool writeLoadWorkspace(const QString &root, const QUrl &slowUrl, int count, int ms)
{
    bool ok = true;
    ok = writeJson(ok, root + QStringLiteral("/workspace.json"),
                   R"({"format": 1, "id": "0b7c1d2e-1111-4a4a-9c9c-000000000002", "name": "load",
                      "auth": {"mode": "profile", "profile": "sandbox"}})");
    for (int i = 0; i < count; ++i) {
        const QByteArray url = slowUrl.toString().toUtf8();
        ok = writeJson(
            ok, root + QStringLiteral("/Load/r%1.request.json").arg(i, 3, 10, QLatin1Char('0')),
            R"({"name": "r)" + QByteArray::number(i) + R"(", "method": "GET", "url": ")" + url
                + R"(", "assert": [{"status": 200}, {"jsonPath": "$.slept",
                          "equals": )"
                + QByteArray::number(ms) + "}]}");
    }
    return ok;
}

bool writeBrokenRequest(const QString &root)
{
    return writeJson(true, root + QStringLiteral("/Items/Broken.request.json"),
                     R"({"name": "Broken", "url": "x", "assert": [{"status": "ok"}]})");
}

} // namespace Keyway::Test::RunWorkspaces
