#include "importfixtures.h"

#include "collection/import/importer.h"
#include "collection/import/yamlreader.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace Keyway;
using namespace Keyway::Test;

namespace {

// Every field of a JSON document, as (path as the importers spell it, a setter).
void collectPaths(const QJsonValue &value, const QString &path, QStringList &paths)
{
    if (!path.isEmpty())
        paths.append(path);
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it)
            collectPaths(it.value(), path.isEmpty() ? it.key() : path + QLatin1Char('.') + it.key(), paths);
    } else if (value.isArray()) {
        const QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i)
            collectPaths(array.at(i), path + QStringLiteral("[%1]").arg(i), paths);
    }
}

// The steps of a path: keys and indices.
QStringList steps(const QString &path)
{
    QStringList out;
    QString current;
    for (const QChar c : path) {
        if (c == QLatin1Char('.') || c == QLatin1Char('[')) {
            if (!current.isEmpty())
                out.append(current);
            current = c == QLatin1Char('[') ? QStringLiteral("[") : QString();
        } else if (c == QLatin1Char(']')) {
            out.append(current + c);
            current.clear();
        } else {
            current += c;
        }
    }
    if (!current.isEmpty())
        out.append(current);
    return out;
}

QJsonValue replaced(const QJsonValue &value, const QStringList &path, qsizetype at, const QJsonValue &with)
{
    if (at == path.size())
        return with;
    const QString &step = path.at(at);
    if (step.startsWith(QLatin1Char('['))) {
        QJsonArray array = value.toArray();
        const qsizetype index = step.mid(1, step.size() - 2).toLongLong();
        array[index] = replaced(array.at(index), path, at + 1, with);
        return array;
    }
    QJsonObject object = value.toObject();
    object[step] = replaced(object.value(step), path, at + 1, with);
    return object;
}

QJsonValue valueAt(const QJsonValue &root, const QStringList &path)
{
    QJsonValue value = root;
    for (const QString &step : path) {
        value = step.startsWith(QLatin1Char('[')) ? value.toArray().at(step.mid(1, step.size() - 2).toLongLong())
                                                  : value.toObject().value(step);
    }
    return value;
}

QByteArray nestedPostmanFolders(int depth)
{
    QByteArray json = "{\"info\":{\"name\":\"deep\",\"schema\":\"https://schema.getpostman.com/json/collection/v2.1.0/collection.json\"},\"item\":[";
    for (int i = 0; i < depth; ++i)
        json += "{\"name\":\"f\",\"item\":[\n";
    for (int i = 0; i < depth; ++i)
        json += "]}";
    return json + "]}";
}

const QStringList textFixtures {
    QStringLiteral("postman/awkward.postman_collection.json"), QStringLiteral("postman/legacy.postman_collection_v2.0.json"),
    QStringLiteral("postman/staging.postman_environment.json"), QStringLiteral("insomnia/awkward.insomnia.json"),
    QStringLiteral("insomnia/awkward.insomnia.yaml"), QStringLiteral("insomnia/awkward.insomnia-v5.yaml"), QStringLiteral("curl/chrome-bash.sh"),
    QStringLiteral("curl/chrome-cmd.cmd"), QStringLiteral("curl/handwritten.sh"), QStringLiteral("http/users.http"),
};

} // namespace

class tst_ImportHostile : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // Each field of a fixture in turn gets a value of a type it never has (a scalar becomes an
    // object, an object or array becomes a number). The import must either fail naming the file
    // and that field, or not read the field at all and give exactly what the fixture gives:
    // never a crash, never something else without saying so.
    void wrongTypeInEveryField_data()
    {
        QTest::addColumn<QString>("fixture");
        QTest::newRow("postman v2.1") << QStringLiteral("postman/awkward.postman_collection.json");
        QTest::newRow("postman v2.0") << QStringLiteral("postman/legacy.postman_collection_v2.0.json");
        QTest::newRow("postman environment") << QStringLiteral("postman/staging.postman_environment.json");
        QTest::newRow("insomnia") << QStringLiteral("insomnia/awkward.insomnia.json");
        QTest::newRow("insomnia v5") << QStringLiteral("insomnia/awkward.insomnia-v5.yaml");
    }

    void wrongTypeInEveryField()
    {
        QFETCH(QString, fixture);
        const QByteArray bytes = fixtureBytes(fixture);
        const ImportResult original = importSource({bytes, fixture, {}});
        QVERIFY(original.ok());
        const ImportFormat format = detectImportFormat({bytes, fixture, {}});
        // A YAML fixture is mutated as the JSON it reads as (v5 files may be JSON too).
        const QJsonValue root = fixture.endsWith(QLatin1String(".yaml")) ? ImportDetail::parseYaml(bytes).root
                                                                          : QJsonValue(QJsonDocument::fromJson(bytes).object());
        QStringList paths;
        collectPaths(root, QString(), paths);
        QVERIFY(paths.size() > 10);
        int failed = 0;
        int ignored = 0;
        for (const QString &path : std::as_const(paths)) {
            const QStringList at = steps(path);
            const QJsonValue old = valueAt(root, at);
            const QJsonValue wrong = (old.isObject() || old.isArray()) ? QJsonValue(7)
                                                                       : QJsonValue(QJsonObject {{QStringLiteral("x"), 1}});
            const QByteArray mutated = QJsonDocument(replaced(root, at, 0, wrong).toObject()).toJson();
            const ImportResult result = importSource({mutated, fixture, {}}, format);
            if (!result.ok()) {
                QCOMPARE(result.error->file, fixture);
                QVERIFY2(result.error->place.startsWith(path), qPrintable(path + QStringLiteral(" -> ") + result.error->toString()));
                ++failed;
            } else {
                // Read differently is allowed only when an issue says so.
                const bool same = result.workspace == original.workspace && result.issues == original.issues;
                // An Insomnia variable's value may be of any type: 7 in place of a nested object
                // is a plain value (imported without the issue the object had), and inside a
                // nested one any change is only other JSON text.
                const bool variableValue = std::any_of(at.cbegin(), at.cend() - 1, [](const QString &step) {
                    return step == QLatin1String("data") || step == QLatin1String("environment");
                });
                QVERIFY2(same || result.issues.size() > original.issues.size() || variableValue,
                         qPrintable(path + QStringLiteral(": read differently without an error or an issue")));
                ++ignored;
            }
        }
        qInfo("%s: %d fields refused with their path, %d not read", qPrintable(fixture), failed, ignored);
        QVERIFY(failed > ignored);
    }

    void truncatedStructuredFiles_failNamingFileAndPlace_data()
    {
        QTest::addColumn<QString>("fixture");
        for (const QString &f : {QStringLiteral("postman/awkward.postman_collection.json"), QStringLiteral("insomnia/awkward.insomnia.json"),
                                 QStringLiteral("insomnia/awkward.insomnia.yaml"), QStringLiteral("postman/staging.postman_environment.json")})
            QTest::newRow(qPrintable(f)) << f;
    }

    void truncatedStructuredFiles_failNamingFileAndPlace()
    {
        QFETCH(QString, fixture);
        const QByteArray bytes = fixtureBytes(fixture);
        const ImportFormat format = detectImportFormat({bytes, fixture, {}});
        for (const double fraction : {0.05, 0.3, 0.5, 0.77, 0.95}) {
            const QByteArray cut = bytes.left(qsizetype(bytes.size() * fraction));
            const ImportResult result = importSource({cut, fixture, {}}, format);
            QVERIFY2(!result.ok(), qPrintable(QStringLiteral("loaded at %1").arg(fraction)));
            QCOMPARE(result.error->file, fixture);
            QVERIFY2(result.error->place.contains(QLatin1Char(':')) || result.error->place.contains(QLatin1Char('.'))
                         || result.error->place.contains(QLatin1Char('[')),
                     qPrintable(result.error->toString()));
            QVERIFY(result.workspace.collections.isEmpty() && result.workspace.requests.isEmpty());
        }
    }

    void truncatedTextFiles_neverCrash()
    {
        for (const QString &fixture : textFixtures) {
            const QByteArray bytes = fixtureBytes(fixture);
            for (qsizetype n = 0; n < bytes.size(); n += qMax<qsizetype>(1, bytes.size() / 97)) {
                const ImportResult result = importSource({bytes.left(n), fixture, {}});
                if (!result.ok())
                    QCOMPARE(result.error->file, fixture);
            }
        }
    }

    void invalidUtf8_failsAtItsLineAndColumn()
    {
        for (const QString &fixture : textFixtures) {
            QByteArray bytes = fixtureBytes(fixture);
            const qsizetype middle = bytes.indexOf('\n', bytes.size() / 2) + 1;
            bytes.insert(middle, "\xC3\x28"); // a lead byte without its continuation
            const ImportResult result = importSource({bytes, fixture, {}});
            QVERIFY2(!result.ok(), qPrintable(fixture));
            QCOMPARE(result.error->file, fixture);
            const qsizetype line = bytes.left(middle).count('\n') + 1;
            QCOMPARE(result.error->place, QStringLiteral("%1:1").arg(line));
            QVERIFY(result.error->message.startsWith(QLatin1String("the file is not valid UTF-8")));
        }
        // Overlong forms and surrogates are not UTF-8 either (RFC 3629).
        for (const QByteArray &bad : {QByteArray("curl http://x/\xC0\xAF"), QByteArray("curl http://x/\xED\xA0\x80"),
                                      QByteArray("curl http://x/\xF4\x90\x80\x80")}) {
            const ImportResult result = importSource({bad, QStringLiteral("c.sh"), {}}, ImportFormat::Curl);
            QVERIFY(!result.ok());
            QCOMPARE(result.error->place, QStringLiteral("1:15"));
        }
    }

    void tenThousandNestedFolders_failWithTheDepthLimit()
    {
        const ImportResult json = importSource({nestedPostmanFolders(10000), QStringLiteral("deep.json"), {}});
        QVERIFY(!json.ok());
        QCOMPARE(json.error->file, QStringLiteral("deep.json"));
        QCOMPARE(json.error->message, QStringLiteral("not valid JSON: the JSON nests deeper than the 1024 levels an import reads"));
        QVERIFY(json.error->place.contains(QLatin1Char(':')));

        // Within JSON's limit, folders are still bounded by the importers' own.
        const ImportResult deepFolders = importSource({nestedPostmanFolders(400), QStringLiteral("deep.json"), {}});
        QVERIFY(!deepFolders.ok());
        QCOMPARE(deepFolders.error->message, QStringLiteral("folders nest deeper than 256 levels"));
        const ImportResult fine = importSource({nestedPostmanFolders(200), QStringLiteral("ok.json"), {}});
        QVERIFY2(fine.ok(), errorText(fine).constData());

        const QByteArray flow = "_type: export\n__export_format: 4\nresources: " + QByteArray(10000, '[') + QByteArray(10000, ']') + "\n";
        const ImportResult yaml = importSource({flow, QStringLiteral("deep.yaml"), {}});
        QVERIFY(!yaml.ok());
        QCOMPARE(yaml.error->message, QStringLiteral("the YAML nests deeper than the 1024 levels an import reads"));
        QCOMPARE(yaml.error->place, QStringLiteral("3:1035")); // the 1024th "[" (the top mapping is the first level)

        // Insomnia nests by parentId, not by JSON: a chain of 10 000 folders.
        QJsonArray resources {QJsonObject {{QStringLiteral("_id"), QStringLiteral("wrk")}, {QStringLiteral("_type"), QStringLiteral("workspace")}, {QStringLiteral("name"), QStringLiteral("W")}}};
        for (int i = 0; i < 10000; ++i) {
            resources.append(QJsonObject {{QStringLiteral("_id"), QStringLiteral("fld%1").arg(i)},
                                          {QStringLiteral("parentId"), i == 0 ? QStringLiteral("wrk") : QStringLiteral("fld%1").arg(i - 1)},
                                          {QStringLiteral("_type"), QStringLiteral("request_group")}, {QStringLiteral("name"), QStringLiteral("f")}});
        }
        const QByteArray insomnia = QJsonDocument(QJsonObject {{QStringLiteral("_type"), QStringLiteral("export")},
                                                               {QStringLiteral("__export_format"), 4},
                                                               {QStringLiteral("resources"), resources}}).toJson();
        const ImportResult chain = importSource({insomnia, QStringLiteral("chain.json"), {}});
        QVERIFY(!chain.ok());
        QCOMPARE(chain.error->message, QStringLiteral("folders nest deeper than 256 levels"));
        QVERIFY(chain.error->place.startsWith(QLatin1String("resources[257]")));
    }

    void hundredMegabyteFile_isRefusedBeforeReading()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("huge.postman_collection.json"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(nestedPostmanFolders(1).left(100));
        QVERIFY(file.resize(100LL * 1024 * 1024));
        file.close();
        const ImportResult result = importPath(path);
        QVERIFY(!result.ok());
        QCOMPARE(result.error->file, path);
        QCOMPARE(result.error->message, QStringLiteral("the file is 100 MB; imports read at most 64 MB"));

        // The same bytes handed over in memory are refused before parsing too.
        QByteArray bytes(100 * 1024 * 1024, ' ');
        bytes.replace(0, 1, "{");
        const ImportResult inMemory = importSource({bytes, QStringLiteral("pasted.json"), {}}, ImportFormat::PostmanCollection);
        QVERIFY(!inMemory.ok());
        QCOMPARE(inMemory.error->message, QStringLiteral("the file is 100 MB; imports read at most 64 MB"));
    }

    void garbage_isNotAFormatWithWhatIsRead()
    {
        const ImportResult result = importSource({QByteArray("\x01\x02 hello"), QStringLiteral("x.bin"), {}});
        QVERIFY(!result.ok());
        QCOMPARE(result.error->file, QStringLiteral("x.bin"));
        QVERIFY(result.error->message.startsWith(QLatin1String("not a format Keyway imports")));
    }
};

QTEST_GUILESS_MAIN(tst_ImportHostile)
#include "tst_import_hostile.moc"
