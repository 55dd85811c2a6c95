#pragma once

// Replaces `{{name}}` in request text with the value of the first enabled variable of that name
// in the scopes given, in precedence order. Built-ins: {{$uuid}}, {{$timestamp}} (Unix seconds),
// {{$isoTimestamp}} (UTC, ISO 8601 with milliseconds), {{$randomInt}} (0-1000). A value may refer
// to other variables (resolved in turn, at most 16 deep). A name that no scope defines, a secret
// without a value, or a loop is an error naming the variable and where it was used: never an
// empty string sent to a server.

#include "collection/workspacedata.h"

#include <QStringList>

namespace Keyway {

class VariableResolver
{
public:
    struct Scope
    {
        QString label; // "request 'Users/Get user'", "environment 'dev'", ... for errors
        VariableList variables;
    };

    // Scopes are searched in the order they are added: add the innermost first.
    void addScope(QString label, VariableList variables);
    // The process environment as the last scope (for keyway-cli, opt-in): {{HOME}} reads $HOME.
    void setUseProcessEnvironment(bool use) { m_processEnvironment = use; }

    // `where` says where the text is used ("the URL of request 'Users/Get user'"); each problem
    // is appended to *errors.
    QString resolve(const QString &text, const QString &where, QStringList *errors) const;

    // The names `text` refers to, built-ins excluded, in order of appearance.
    static QStringList referencedNames(const QString &text);

private:
    QString resolveIn(const QString &text, const QString &where, QStringList *errors,
                      QStringList &chain) const;
    QString lookup(const QString &name, const QString &where, QStringList *errors,
                   QStringList &chain) const;

    QList<Scope> m_scopes;
    bool m_processEnvironment = false;
};

// The environment variable keyway-cli reads a secret variable's value from: KEYWAY_SECRET_ and
// the name in upper case, other characters than A-Z and 0-9 as "_" (clientSecret ->
// KEYWAY_SECRET_CLIENTSECRET).
QString secretEnvironmentName(const QString &variable);

// Fills every secret variable without a value from its KEYWAY_SECRET_... environment variable
// (keyway-cli's way to the keychain-less values). Returns how many were filled.
int fillSecretsFromEnvironment(WorkspaceData &workspace);

} // namespace Keyway
