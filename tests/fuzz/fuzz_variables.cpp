// Fuzzes the {{variable}} resolver. Input: lines "name=value" (a leading "!" switches a variable
// off, a leading "*" makes it secret) up to an empty line, then the text to resolve. Values may
// refer to each other, so loops and deep chains are what the fuzzer reaches for.

#include "collection/variableresolver.h"
#include "fuzzinput.h"

using namespace Keyway;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input = Fuzz::bytes(data, size);
    const qsizetype blank = input.indexOf("\n\n");
    const QByteArray definitions = blank < 0 ? QByteArray() : input.left(blank);
    const QString text = QString::fromUtf8(blank < 0 ? input : input.mid(blank + 2));

    VariableList inner;
    VariableList outer;
    for (const QByteArray &line : definitions.split('\n')) {
        QByteArray rest = line;
        Variable variable;
        if (rest.startsWith('!')) {
            variable.enabled = false;
            rest.remove(0, 1);
        }
        if (rest.startsWith('*')) {
            variable.secret = true;
            rest.remove(0, 1);
        }
        const qsizetype equals = rest.indexOf('=');
        variable.name = QString::fromUtf8(rest.left(equals < 0 ? rest.size() : equals));
        variable.value = equals < 0 ? QString() : QString::fromUtf8(rest.mid(equals + 1));
        // Two scopes, so that precedence and a value reaching into the outer scope are covered.
        (inner.size() <= outer.size() ? inner : outer).append(variable);
    }

    VariableResolver resolver;
    resolver.addScope(QStringLiteral("request 'fuzz'"), inner);
    resolver.addScope(QStringLiteral("environment 'fuzz'"), outer);
    QStringList errors;
    (void)resolver.resolve(text, QStringLiteral("the URL of request 'fuzz'"), &errors);
    (void)VariableResolver::referencedNames(text);
    (void)secretEnvironmentName(text);
    return 0;
}
