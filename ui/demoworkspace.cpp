#include "demoworkspace.h"

#include "sandbox/sandbox.h"

namespace Keyway {

namespace {

RequestItem request(const QString &name, const QString &method, const QString &url)
{
    RequestItem item;
    item.name = name;
    item.method = method;
    item.url = url;
    return item;
}

} // namespace

WorkspaceData demoWorkspace(const Sandbox &sandbox, const QString &profile)
{
    WorkspaceData workspace;
    workspace.name = QStringLiteral("Demo");
    workspace.auth.mode = RequestAuth::Mode::Profile;
    workspace.auth.profile = profile;
    workspace.variables << Variable {QStringLiteral("page"), QStringLiteral("1"), true, false};

    Environment sandboxEnv;
    sandboxEnv.name = QStringLiteral("sandbox");
    sandboxEnv.variables << Variable {QStringLiteral("baseUrl"), sandbox.baseUrl().toString(), true,
                                      false};
    workspace.environments << sandboxEnv;

    FolderItem api;
    api.name = QStringLiteral("Sandbox API");
    api.requests << request(QStringLiteral("List items"), QStringLiteral("GET"),
                            QStringLiteral("{{baseUrl}}/api/items?page={{page}}"));
    RequestItem echo = request(QStringLiteral("Echo JSON"), QStringLiteral("POST"),
                               QStringLiteral("{{baseUrl}}/api/echo"));
    echo.headers << KeyValue {
        QStringLiteral("X-Request-Id"), QStringLiteral("{{$uuid}}"), true, {}};
    echo.body.mode = RequestBody::Mode::Raw;
    echo.body.contentType = QStringLiteral("application/json");
    echo.body.text = QStringLiteral(
        "{\n  \"name\": \"keyway\",\n  \"tags\": [\"oauth\", \"refresh\"],\n  \"count\": 3\n}");
    api.requests << echo;
    RequestItem form = request(QStringLiteral("Echo form"), QStringLiteral("PUT"),
                               QStringLiteral("{{baseUrl}}/api/echo"));
    form.body.mode = RequestBody::Mode::FormUrlEncoded;
    form.body.formFields << KeyValue {QStringLiteral("colour"), QStringLiteral("teal"), true, {}}
                         << KeyValue {QStringLiteral("size"), QStringLiteral("large"), true, {}};
    api.requests << form;
    FolderItem more;
    more.name = QStringLiteral("Edge cases");
    more.requests << request(QStringLiteral("Slow answer"), QStringLiteral("GET"),
                             QStringLiteral("{{baseUrl}}/api/slow"))
                  << request(QStringLiteral("Delete"), QStringLiteral("DELETE"),
                             QStringLiteral("{{baseUrl}}/api/echo"))
                  << request(QStringLiteral("Custom verb"), QStringLiteral("PURGE"),
                             QStringLiteral("{{baseUrl}}/api/echo"));
    api.folders << more;
    workspace.collections << api;
    return workspace;
}

} // namespace Keyway
