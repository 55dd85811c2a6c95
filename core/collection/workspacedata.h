#pragma once

// The value types of a workspace: what a request, a folder, an environment and the workspace
// itself say, independent of how they are stored (workspace files), imported (Postman, Insomnia,
// Bruno, curl, .http) or shown (the desktop app). Plain values, comparable for round-trip tests.

#include <QJsonValue>
#include <QList>
#include <QString>

namespace Keyway {

// A name/value row that can be switched off without being deleted: headers, form fields, query
// parameters, multipart parts.
struct KeyValue
{
    QString name;
    QString value;
    bool enabled = true;
    QString description;

    friend bool operator==(const KeyValue &, const KeyValue &) = default;
};
using KeyValueList = QList<KeyValue>;

// A `{{name}}` variable. A secret variable's value is never written to a workspace file: the file
// keeps only its name, and the value is resolved from the keychain (or, for the CLI, from the
// process environment) when the workspace is used.
struct Variable
{
    QString name;
    QString value; // for a secret: the resolved value in memory only, empty as loaded from disk
    bool enabled = true;
    bool secret = false;

    friend bool operator==(const Variable &, const Variable &) = default;
};
using VariableList = QList<Variable>;

// One part of a multipart/form-data body: a text value or a file read when the request is sent.
struct MultipartPart
{
    QString name;
    QString value; // text part
    QString filePath; // file part (relative paths are relative to the workspace folder)
    QString contentType; // empty: text/plain for values, guessed from the file name for files
    bool enabled = true;

    bool isFile() const { return !filePath.isEmpty(); }
    friend bool operator==(const MultipartPart &, const MultipartPart &) = default;
};

struct RequestBody
{
    enum class Mode { None, Raw, FormUrlEncoded, Multipart, File };
    Mode mode = Mode::None;
    QString contentType; // Raw: application/json, application/xml, text/plain, ...; File: as sent
    QString text; // Raw
    KeyValueList formFields; // FormUrlEncoded
    QList<MultipartPart> parts; // Multipart
    QString filePath; // File: a binary body read from this file when sent

    friend bool operator==(const RequestBody &, const RequestBody &) = default;
};

// How a request (or every request in a folder) is authorised. Credentials in these fields are
// normally `{{variable}}` references to secret variables; a literal secret is never written to a
// workspace file.
struct RequestAuth
{
    enum class Mode {
        Inherit, // from the enclosing folder, collection or workspace (the default)
        None, // no Authorization header at all
        Profile, // an OAuth profile of the workspace: its TokenManager attaches and refreshes
        Bearer, // a fixed bearer token
        Basic, // HTTP Basic
    };
    Mode mode = Mode::Inherit;
    QString profile; // Profile: the profile's name (profiles/<name>.json)
    QString token; // Bearer
    QString username; // Basic
    QString password; // Basic

    friend bool operator==(const RequestAuth &, const RequestAuth &) = default;
};

struct RequestSettings
{
    int timeoutMs = 0; // 0: the application's default
    bool followRedirects = true;

    friend bool operator==(const RequestSettings &, const RequestSettings &) = default;
};

// A check the collection runner makes on a request's answer. On disk, one small object each:
// {"status": 200}, {"status": "2xx"}, {"status": [200, 204]}, {"header": "ETag"},
// {"header": "Content-Type", "equals": "application/json"}, {"jsonPath": "$.items[0].id",
// "equals": 1}, {"jsonPath": "$.next", "exists": false}, {"jsonPath": "$.name", "matches": "^a"},
// {"responseTimeBelow": 500}. A request without any passes on a 2xx answer.
struct Assertion
{
    enum class Subject { Status, Header, JsonPath, ResponseTime };
    enum class Check {
        Equals, // status, header value, JSON value (compared as JSON: 1 is not "1")
        InRange, // status from `low` to `high`, both included
        Exists, // header or JSON path present (`expected` false: absent)
        Matches, // header value or JSON value (a string, or a number's text) against a regex
        Below, // response time under `high` milliseconds
    };
    Subject subject = Subject::Status;
    Check check = Check::InRange;
    QString target; // Header: its name; JsonPath: the path
    QJsonValue expected; // Equals: the value; Matches: the pattern; Exists: true or false
    qint64 low = 200; // InRange
    qint64 high = 299; // InRange, Below

    friend bool operator==(const Assertion &, const Assertion &) = default;
};
using AssertionList = QList<Assertion>;

struct RequestItem
{
    QString name;
    QString method = QStringLiteral("GET"); // any verb, as the user typed it
    QString url; // as typed, `{{variables}}` and the enabled query parameters included
    KeyValueList disabledQuery; // query parameters switched off in the editor: kept, not sent
    KeyValueList headers;
    RequestBody body;
    RequestAuth auth;
    RequestSettings settings;
    VariableList variables; // request-level variables: the innermost scope
    QString description;
    AssertionList assertions; // checked by the collection runner, in this order

    friend bool operator==(const RequestItem &, const RequestItem &) = default;
};

// A folder of requests and folders, in the order the user arranged them. A top-level folder of a
// workspace is a collection. Headers, auth and variables given here are inherited by everything
// inside.
struct FolderItem
{
    QString name;
    QString description;
    KeyValueList headers;
    RequestAuth auth;
    VariableList variables;
    QList<FolderItem> folders;
    QList<RequestItem> requests;
};
// Written out (workspacedata.cpp): a defaulted == cannot see through QList<FolderItem> while
// FolderItem is still incomplete.
bool operator==(const FolderItem &a, const FolderItem &b);

struct Environment
{
    QString name;
    VariableList variables;

    friend bool operator==(const Environment &, const Environment &) = default;
};

// Everything a workspace folder holds except auth profiles (core/collection/profilefile.h keeps
// those, one file each) and machine-local data such as history.
struct WorkspaceData
{
    QString name;
    QString id; // a UUID, stable across renames; keys the machine-local data of the workspace
    QString description;
    VariableList variables; // workspace-wide (the "collection" scope of Postman)
    KeyValueList headers;
    RequestAuth auth; // Inherit here means None
    QList<FolderItem> collections; // top-level folders
    QList<RequestItem> requests; // requests outside any collection
    QList<Environment> environments;

    friend bool operator==(const WorkspaceData &, const WorkspaceData &) = default;
};

} // namespace Keyway
