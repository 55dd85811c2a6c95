// Option values that keyway-cli and keyway-sandbox read alike: numbers in a range and choices,
// and errors that name the option, what it allows and what it got.
#include "optionvalues.h"

#include <QTest>

using namespace Keyway;

class tst_OptionValues final : public QObject
{
    Q_OBJECT

private:
    static QCommandLineOption count()
    {
        return QCommandLineOption({QStringLiteral("n"), QStringLiteral("count")}, QString(),
                                  QStringLiteral("N"));
    }
    static QCommandLineOption mode()
    {
        return QCommandLineOption(QStringLiteral("mode"), QString(), QStringLiteral("MODE"));
    }

    // Parses `arguments` (after a program name) with the options --count/-n and --mode.
    static QString parse(QCommandLineParser *parser, const QStringList &arguments)
    {
        parser->addOptions({count(), mode()});
        if (!parser->parse(QStringList {QStringLiteral("program")} + arguments))
            return parser->errorText();
        return {};
    }

private slots:
    void intInRange_acceptsTheEndsAndRejectsTheRest_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("expected"); // -1: rejected
        QTest::newRow("min") << QStringLiteral("1") << 1;
        QTest::newRow("max") << QStringLiteral("10") << 10;
        QTest::newRow("below") << QStringLiteral("0") << -1;
        QTest::newRow("above") << QStringLiteral("11") << -1;
        QTest::newRow("word") << QStringLiteral("ten") << -1;
        QTest::newRow("fraction") << QStringLiteral("2.5") << -1;
        QTest::newRow("empty") << QString() << -1;
        QTest::newRow("overflow") << QStringLiteral("99999999999") << -1;
    }
    void intInRange_acceptsTheEndsAndRejectsTheRest()
    {
        QFETCH(QString, text);
        QFETCH(int, expected);
        const auto value = intInRange(text, {1, 10});
        QCOMPARE(value.has_value(), expected != -1);
        if (value)
            QCOMPARE(*value, expected);
    }

    void readInt_leavesTheValueWhenTheOptionIsNotGiven()
    {
        QCommandLineParser parser;
        QCOMPARE(parse(&parser, {}), QString());
        int value = 7;
        QCOMPARE(readInt(parser, count(), {1, 10}, &value), QString());
        QCOMPARE(value, 7);
    }

    void readInt_readsTheShortAndTheLongName()
    {
        for (const QString &name : {QStringLiteral("-n"), QStringLiteral("--count")}) {
            QCommandLineParser parser;
            QCOMPARE(parse(&parser, {name, QStringLiteral("4")}), QString());
            int value = 7;
            QCOMPARE(readInt(parser, count(), {1, 10}, &value), QString());
            QCOMPARE(value, 4);
        }
    }

    void readInt_namesTheOptionTheRangeAndTheValue()
    {
        QCommandLineParser parser;
        QCOMPARE(parse(&parser, {QStringLiteral("-n"), QStringLiteral("soon")}), QString());
        int value = 7;
        QCOMPARE(readInt(parser, count(), {0, 3600000, QStringLiteral("milliseconds")}, &value),
                 QStringLiteral("--count is milliseconds from 0 to 3600000, not 'soon'"));
        QCOMPARE(value, 7);
    }

    void readInt_shortensALongValue()
    {
        QCommandLineParser parser;
        const QString pasted(200, QLatin1Char('x'));
        QCOMPARE(parse(&parser, {QStringLiteral("--count"), pasted}), QString());
        int value = 7;
        const QString error = readInt(parser, count(), {1, 10}, &value);
        QVERIFY(error.startsWith(QStringLiteral("--count is a number from 1 to 10, not 'xxx")));
        QVERIFY2(error.size() < 100, qPrintable(error));
    }

    void readChoice_takesTheValueOfTheNameGiven()
    {
        QCommandLineParser parser;
        QCOMPARE(parse(&parser, {QStringLiteral("--mode"), QStringLiteral("fail-closed")}),
                 QString());
        std::optional<int> value;
        QCOMPARE(readChoice<int>(
                     parser, mode(),
                     {{QStringLiteral("degrade"), 1}, {QStringLiteral("fail-closed"), 2}}, &value),
                 QString());
        QCOMPARE(value, std::optional<int>(2));
    }

    void readChoice_listsWhatIsAllowed_data()
    {
        QTest::addColumn<QStringList>("names");
        QTest::addColumn<QString>("error");
        QTest::newRow("two") << QStringList {QStringLiteral("401"), QStringLiteral("403")}
                             << QStringLiteral("--mode is 401 or 403, not 'x'");
        QTest::newRow("three") << QStringList {QStringLiteral("auto"), QStringLiteral("form"),
                                               QStringLiteral("deny")}
                               << QStringLiteral("--mode is auto, form or deny, not 'x'");
    }
    void readChoice_listsWhatIsAllowed()
    {
        QFETCH(QStringList, names);
        QFETCH(QString, error);
        QCommandLineParser parser;
        QCOMPARE(parse(&parser, {QStringLiteral("--mode"), QStringLiteral("x")}), QString());
        qsizetype index = 5;
        QCOMPARE(readChoice(parser, mode(), names, &index), error);
        QCOMPARE(index, 5);
    }

    void readChoice_leavesTheValueWhenTheOptionIsNotGiven()
    {
        QCommandLineParser parser;
        QCOMPARE(parse(&parser, {}), QString());
        qsizetype index = 1;
        QCOMPARE(readChoice(parser, mode(), {QStringLiteral("a"), QStringLiteral("b")}, &index),
                 QString());
        QCOMPARE(index, 1);
    }

    void alternatives_joinsWithCommasAndOr()
    {
        QCOMPARE(alternatives({}), QString());
        QCOMPARE(alternatives({QStringLiteral("a")}), QStringLiteral("a"));
        QCOMPARE(alternatives({QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}),
                 QStringLiteral("a, b or c"));
    }
};

QTEST_GUILESS_MAIN(tst_OptionValues)
#include "tst_optionvalues.moc"
