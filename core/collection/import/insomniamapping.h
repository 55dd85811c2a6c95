#pragma once

// Internal to the Insomnia importers: what v4 exports (a flat resource list) and v5 files (a
// tree) spell alike, mapped once: a request's URL, parameters, headers, body and auth; a
// folder's variables, auth and headers; an environment's data; Insomnia's template syntax; the
// scripts that are reported, not imported.

#include "collection/import/importresult.h"
#include "collection/import/jsoncursor.h"

namespace Keyway::ImportDetail {

class InsomniaMapping
{
public:
    explicit InsomniaMapping(ImportResult &result) : m_result(result) { }

    ImportResult &result() { return m_result; }
    // The item being read, as Insomnia shows it ("Workspace/Users/List"): where issues about
    // variables and template tags go, and what a failure names after its place.
    const QString &where() const { return m_where; }
    void setWhere(const QString &path) { m_where = path; }

    // A request's method, url, parameters, headers, body and authentication. The description,
    // scripts and redirect setting sit elsewhere in each version: the caller reads those.
    RequestItem request(const JsonCursor &source, const QString &name, const QString &path);
    // A folder's environment (its variables), authentication and headers.
    FolderItem folder(const JsonCursor &source, const QString &name, const QString &path);
    // name, data and dataPropertyOrder; a private environment's values are secrets.
    Environment environment(const JsonCursor &source, bool isPrivate);
    // An environment's data as variables, in the order dataPropertyOrder gives.
    VariableList variables(const JsonCursor &data, const JsonCursor &order);
    void scripts(const JsonCursor &preRequest, const JsonCursor &afterResponse,
                 const QString &path);
    // Insomnia's follow-redirects setting: "off", "on" or "global" (the default, which follows).
    static bool followsRedirects(const JsonCursor &setting);
    // An item's sort key (Insomnia lists siblings by it): a number, or a number as text (YAML);
    // missing is 0.
    static double sortKey(const JsonCursor &key);
    // An item of a kind that is not an HTTP request (gRPC, WebSocket, ...), reported.
    void notHttp(const QString &kind, const QString &path);

private:
    QString withPathParameters(const QString &url, const JsonCursor &parameters,
                               const QString &path);
    QString normalized(const QString &text);
    KeyValueList keyValues(const JsonCursor &list);
    RequestBody body(const JsonCursor &source, const QString &path);
    RequestAuth auth(const JsonCursor &source, const QString &path, VariableList &scope);

    ImportResult &m_result;
    QString m_where;
};

} // namespace Keyway::ImportDetail
