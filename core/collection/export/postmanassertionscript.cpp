#include "collection/export/postmanassertionscript.h"

#include "collection/assertionjson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace Keyway {

namespace {

const QString marker = QStringLiteral("// Keyway: this request's assertions (read back by Keyway's import)");
const QString tag = QStringLiteral(" // keyway ");

// Resolves the JSON paths the assertions use ($.a.b[0].c) in the answer's JSON.
const QString pathHelper = QStringLiteral(
    "const keywayAt = (path) => { let v = pm.response.json(); "
    "for (const s of (path.replace(/^\\$/, '').match(/\\.[^.\\[\\]]+|\\[\\d+\\]/g) || [])) { "
    "if (v === undefined || v === null) return undefined; "
    "v = v[s[0] === '.' ? s.slice(1) : Number(s.slice(1, -1))]; } return v; };");

QString js(const QJsonValue &value)
{
    // JSON is JavaScript.
    const QByteArray json = QJsonDocument(QJsonArray {value}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(json.mid(1, json.size() - 2));
}

QString check(const Assertion &a)
{
    const QString target = js(a.target);
    switch (a.subject) {
    case Assertion::Subject::Status:
        if (a.check == Assertion::Check::InRange)
            return QStringLiteral("pm.expect(pm.response.code).to.be.within(%1, %2);").arg(a.low).arg(a.high);
        if (a.expected.isArray())
            return QStringLiteral("pm.expect(%1).to.include(pm.response.code);").arg(js(a.expected));
        return QStringLiteral("pm.expect(pm.response.code).to.eql(%1);").arg(js(a.expected));
    case Assertion::Subject::Header:
        if (a.check == Assertion::Check::Exists)
            return QStringLiteral("pm.expect(pm.response.headers.has(%1)).to.eql(%2);").arg(target, js(a.expected));
        if (a.check == Assertion::Check::Matches)
            return QStringLiteral("pm.expect(pm.response.headers.get(%1) || '').to.match(new RegExp(%2));").arg(target, js(a.expected));
        return QStringLiteral("pm.expect(pm.response.headers.get(%1)).to.eql(%2);").arg(target, js(a.expected));
    case Assertion::Subject::JsonPath:
        if (a.check == Assertion::Check::Exists)
            return QStringLiteral("pm.expect(keywayAt(%1) !== undefined).to.eql(%2);").arg(target, js(a.expected));
        if (a.check == Assertion::Check::Matches)
            return QStringLiteral("pm.expect(String(keywayAt(%1))).to.match(new RegExp(%2));").arg(target, js(a.expected));
        return QStringLiteral("pm.expect(keywayAt(%1)).to.eql(%2);").arg(target, js(a.expected));
    case Assertion::Subject::ResponseTime:
        return QStringLiteral("pm.expect(pm.response.responseTime).to.be.below(%1);").arg(a.high);
    }
    return {};
}

} // namespace

QStringList postmanAssertionScript(const AssertionList &assertions)
{
    if (assertions.isEmpty())
        return {};
    QStringList lines {marker, pathHelper};
    const QJsonArray json = WorkspaceJson::fromAssertions(assertions);
    for (qsizetype i = 0; i < assertions.size(); ++i) {
        const Assertion &a = assertions.at(i);
        lines.append(QStringLiteral("pm.test(%1, function () { %2 });")
                         .arg(js(WorkspaceJson::describeAssertion(a)), check(a))
                     + tag + QString::fromUtf8(QJsonDocument(QJsonArray {json.at(i)}).toJson(QJsonDocument::Compact)));
    }
    return lines;
}

std::optional<AssertionList> assertionsOfPostmanScript(const QStringList &lines)
{
    if (lines.size() < 3 || lines.at(0) != marker || lines.at(1) != pathHelper)
        return std::nullopt;
    QJsonArray json;
    for (qsizetype i = 2; i < lines.size(); ++i) {
        const qsizetype at = lines.at(i).lastIndexOf(tag);
        if (at < 0)
            return std::nullopt;
        const QJsonDocument one = QJsonDocument::fromJson(lines.at(i).mid(at + tag.size()).toUtf8());
        if (!one.isArray() || one.array().size() != 1)
            return std::nullopt;
        json.append(one.array().at(0));
    }
    QString error;
    return WorkspaceJson::toAssertions(json, &error);
}

} // namespace Keyway
