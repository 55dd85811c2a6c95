#include "importfixtures.h"

#include "collection/export/curlexporter.h"
#include "collection/import/importer.h"

#include <QProcess>
#include <QTest>

using namespace Keyway;
using namespace Keyway::Test;

namespace {

RequestItem awkwardRequest()
{
    RequestItem r;
    r.name = QStringLiteral("Awkward");
    r.method = QStringLiteral("PATCH");
    r.url = QStringLiteral("https://api.example.com/it's/größe?q=a b&x={{id}}");
    r.headers = {{QStringLiteral("X-Quote"), QStringLiteral("say \"hi\" and 'bye' $HOME `date` \\n"), true, {}},
                 {QStringLiteral("X-Off"), QStringLiteral("1"), false, {}},
                 {QStringLiteral("Content-Type"), QStringLiteral("application/json"), true, {}}};
    r.body.mode = RequestBody::Mode::Raw;
    r.body.contentType = QStringLiteral("application/json");
    r.body.text = QStringLiteral("{\n  \"name\": \"O'Brien\",\n  \"note\": \"tab\\there\"\n}");
    r.auth.mode = RequestAuth::Mode::Basic;
    r.auth.username = QStringLiteral("me");
    r.auth.password = QStringLiteral("{{password}}");
    return r;
}

} // namespace

class tst_ExportCurl : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void shellQuoted_isReadBackByBashUnchanged()
    {
        const QStringList samples {QStringLiteral("plain"), QStringLiteral("it's"), QStringLiteral("a b"),
                                   QStringLiteral("$HOME `x` \\ \"q\""), QStringLiteral("line1\nline2"),
                                   QStringLiteral("größe – 日本語"), QStringLiteral(""), QStringLiteral("'''")};
        QStringList words;
        for (const QString &s : samples)
            words.append(shellQuoted(s));
        QProcess bash;
        bash.start(QStringLiteral("bash"), {QStringLiteral("-c"), QStringLiteral("printf '%s\\0' ") + words.join(QLatin1Char(' '))});
        QVERIFY(bash.waitForFinished(30000));
        QCOMPARE(bash.exitCode(), 0);
        QList<QByteArray> got = bash.readAllStandardOutput().split('\0');
        got.removeLast();
        QCOMPARE(got.size(), samples.size());
        for (qsizetype i = 0; i < samples.size(); ++i)
            QCOMPARE(QString::fromUtf8(got[i]), samples[i]);
    }

    void exported_isImportedBackAsTheSameRequest()
    {
        const RequestItem original = awkwardRequest();
        const ExportResult exported = exportCurl(original);
        QVERIFY(exported.warnings.isEmpty());
        const ImportResult back = importSource({exported.data, QStringLiteral("exported.sh"), {}});
        QVERIFY2(back.ok(), errorText(back).constData());
        QCOMPARE(back.workspace.requests.size(), 1);
        const RequestItem &r = back.workspace.requests.first();
        QCOMPARE(r.method, original.method);
        QCOMPARE(r.url, original.url);
        QCOMPARE(r.headers, KeyValueList({original.headers[0], original.headers[2]}));
        QCOMPARE(r.body.text, original.body.text);
        QCOMPARE(r.body.contentType, original.body.contentType);
        QCOMPARE(r.auth.mode, RequestAuth::Mode::Basic);
        QCOMPARE(r.auth.username, QStringLiteral("me"));
        QCOMPARE(r.auth.password, QStringLiteral("{{password}}"));
    }

    void simpleGet_isOneLineWithoutMethod()
    {
        RequestItem r;
        r.url = QStringLiteral("https://x.example/items");
        r.settings.followRedirects = false;
        QCOMPARE(exportCurl(r).data, QByteArray("curl https://x.example/items\n"));
    }

    void variables_resolvedWhenAsked_secretsNever()
    {
        RequestItem r = awkwardRequest();
        r.auth.mode = RequestAuth::Mode::Bearer;
        r.auth.token = QStringLiteral("{{token}}");
        r.url = QStringLiteral("{{baseUrl}}/items/{{id}}/{{missing}}");
        CurlExportOptions options;
        options.resolve = lookupIn({{{QStringLiteral("id"), QStringLiteral("42"), true, false}},
                                    {{QStringLiteral("baseUrl"), QStringLiteral("https://api.example.com"), true, false},
                                     {QStringLiteral("token"), QStringLiteral("the-secret-token"), true, true}}});
        const ExportResult exported = exportCurl(r, options);
        QVERIFY(exported.data.contains("https://api.example.com/items/42/{{missing}}"));
        QVERIFY(exported.data.contains("'Authorization: Bearer {{token}}'"));
        QVERIFY(!exported.data.contains("the-secret-token"));
        QCOMPARE(exported.warnings, QStringList({QStringLiteral("Awkward: {{missing}} is not defined; left as it is"),
                                                 QStringLiteral("Awkward: {{token}} is secret; left as it is")}));
        // Without a lookup everything stays as typed.
        QVERIFY(exportCurl(r).data.contains("{{baseUrl}}/items/{{id}}/{{missing}}"));
    }

    void formsFilesAndProfile_noSecretWritten()
    {
        RequestItem r;
        r.name = QStringLiteral("Upload");
        r.method = QStringLiteral("POST");
        r.url = QStringLiteral("https://x.example/up");
        r.body.mode = RequestBody::Mode::Multipart;
        r.body.parts = {{QStringLiteral("title"), QStringLiteral("@not a file"), {}, {}, true},
                        {QStringLiteral("photo"), {}, QStringLiteral("/tmp/a b.png"), QStringLiteral("image/png"), true},
                        {QStringLiteral("off"), QStringLiteral("x"), {}, {}, false}};
        r.auth.mode = RequestAuth::Mode::Profile;
        r.auth.profile = QStringLiteral("sandbox");
        const ExportResult exported = exportCurl(r);
        QCOMPARE(exported.data, QByteArray("curl -X POST https://x.example/up \\\n"
                                           "  -H \"Authorization: Bearer $KEYWAY_ACCESS_TOKEN\" \\\n"
                                           "  --form-string 'title=@not a file' \\\n"
                                           "  -F 'photo=@/tmp/a b.png;type=image/png' \\\n"
                                           "  -L\n"));
        const ImportResult back = importSource({exported.data, QStringLiteral("x.sh"), {}});
        QVERIFY2(back.ok(), errorText(back).constData());
        QCOMPARE(back.workspace.requests.first().body.parts,
                 QList<MultipartPart>({r.body.parts[0], r.body.parts[1]}));

        RequestItem literal;
        literal.name = QStringLiteral("Literal");
        literal.url = QStringLiteral("https://x.example/");
        literal.auth.mode = RequestAuth::Mode::Bearer;
        literal.auth.token = QStringLiteral("eyJ-literal");
        const ExportResult noSecret = exportCurl(literal);
        QVERIFY(!noSecret.data.contains("eyJ-literal"));
        QCOMPARE(noSecret.warnings, QStringList({QStringLiteral("Literal: the literal bearer token was left out; use a secret variable")}));
    }
};

QTEST_GUILESS_MAIN(tst_ExportCurl)
#include "tst_export_curl.moc"
