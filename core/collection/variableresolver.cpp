#include "collection/variableresolver.h"

#include "collection/secretvariables.h"

#include <QDateTime>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QUuid>

namespace Keyway {

namespace {

constexpr int MaxNesting = 16;

const QRegularExpression &referencePattern()
{
    static const QRegularExpression pattern(QStringLiteral("\\{\\{\\s*([^{}]+?)\\s*\\}\\}"));
    return pattern;
}

std::optional<QString> builtIn(const QString &name)
{
    if (name == QLatin1String("$uuid") || name == QLatin1String("$guid"))
        return QUuid::createUuid().toString(QUuid::WithoutBraces);
    if (name == QLatin1String("$timestamp"))
        return QString::number(QDateTime::currentSecsSinceEpoch());
    if (name == QLatin1String("$isoTimestamp"))
        return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
    if (name == QLatin1String("$randomInt"))
        return QString::number(QRandomGenerator::global()->bounded(1001));
    return std::nullopt;
}

} // namespace

void VariableResolver::addScope(QString label, VariableList variables)
{
    m_scopes.append({std::move(label), std::move(variables)});
}

QStringList VariableResolver::referencedNames(const QString &text)
{
    QStringList names;
    auto it = referencePattern().globalMatch(text);
    while (it.hasNext()) {
        const QString name = it.next().captured(1);
        if (!name.startsWith(QLatin1Char('$')) && !names.contains(name))
            names.append(name);
    }
    return names;
}

QString VariableResolver::resolve(const QString &text, const QString &where,
                                  QStringList *errors) const
{
    QStringList chain;
    return resolveIn(text, where, errors, chain);
}

QString VariableResolver::resolveIn(const QString &text, const QString &where, QStringList *errors,
                                    QStringList &chain) const
{
    if (!text.contains(QLatin1String("{{")))
        return text;
    QString out;
    qsizetype last = 0;
    auto it = referencePattern().globalMatch(text);
    while (it.hasNext()) {
        const auto match = it.next();
        out += QStringView(text).mid(last, match.capturedStart() - last);
        last = match.capturedEnd();
        out += lookup(match.captured(1), where, errors, chain);
    }
    out += QStringView(text).mid(last);
    return out;
}

QString VariableResolver::lookup(const QString &name, const QString &where, QStringList *errors,
                                 QStringList &chain) const
{
    if (name.startsWith(QLatin1Char('$'))) {
        if (auto value = builtIn(name))
            return *value;
        errors->append(QStringLiteral("unknown built-in variable {{%1}} in %2 (known: $uuid, "
                                      "$timestamp, $isoTimestamp, $randomInt)")
                           .arg(name, where));
        return {};
    }
    if (chain.contains(name)) {
        errors->append(
            QStringLiteral("variable {{%1}} refers to itself (%2) in %3")
                .arg(name, (chain + QStringList {name}).join(QStringLiteral(" -> ")), where));
        return {};
    }
    if (chain.size() >= MaxNesting) {
        errors->append(QStringLiteral("variables nest deeper than %1 levels at {{%2}} in %3")
                           .arg(MaxNesting)
                           .arg(name, where));
        return {};
    }
    for (const Scope &scope : m_scopes) {
        for (const Variable &variable : scope.variables) {
            if (!variable.enabled || variable.name != name)
                continue;
            if (variable.secret && variable.value.isEmpty()) {
                errors->append(QStringLiteral("secret variable {{%1}} of %2 has no value (used in "
                                              "%3): store it in the keychain from Keyway, or "
                                              "for keyway-cli set %4")
                                   .arg(name, scope.label, where, secretEnvironmentName(name)));
                return {};
            }
            chain.append(name);
            const QString value = resolveIn(variable.value, where, errors, chain);
            chain.removeLast();
            return value;
        }
    }
    if (m_processEnvironment && qEnvironmentVariableIsSet(name.toLocal8Bit().constData()))
        return qEnvironmentVariable(name.toLocal8Bit().constData());
    errors->append(
        QStringLiteral("unresolved variable {{%1}} in %2: no enabled variable of "
                       "that name in %3")
            .arg(
                name, where, m_scopes.isEmpty() ? QStringLiteral("any scope") : [this] {
                    QStringList labels;
                    for (const Scope &s : m_scopes)
                        labels.append(s.label);
                    return labels.join(QStringLiteral(", "));
                }() + (m_processEnvironment ? QStringLiteral(" or the process environment") : QString())));
    return {};
}

QString secretEnvironmentName(const QString &variable)
{
    QString out = QStringLiteral("KEYWAY_SECRET_");
    for (const QChar c : variable)
        out += c.isLetterOrNumber() && c.unicode() < 128 ? c.toUpper() : QLatin1Char('_');
    return out;
}

int fillSecretsFromEnvironment(WorkspaceData &workspace)
{
    int filled = 0;
    forEachSecret(workspace, [&filled](const QString &, Variable &v) {
        const QByteArray env = secretEnvironmentName(v.name).toLatin1();
        if (v.value.isEmpty() && qEnvironmentVariableIsSet(env.constData())) {
            v.value = qEnvironmentVariable(env.constData());
            ++filled;
        }
    });
    return filled;
}

} // namespace Keyway
