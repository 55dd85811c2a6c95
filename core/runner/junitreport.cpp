#include "runner/junitreport.h"

#include <QDateTime>
#include <QHostInfo>
#include <QMap>
#include <QXmlStreamWriter>

namespace Keyway {

namespace {

QString seconds(qint64 ms)
{
    return QString::number(double(ms) / 1000.0, 'f', 3);
}

// The collection a request belongs to: the first part of its path ("(workspace)" for one that
// is in no collection).
QString suiteOf(const RequestRun &run)
{
    const qsizetype slash = run.name.indexOf(QLatin1Char('/'));
    return slash < 0 ? QStringLiteral("(workspace)") : run.name.left(slash);
}

QString failureText(const RequestRun &run)
{
    QString text = QStringLiteral("%1 %2\nHTTP status: %3\n")
                       .arg(run.method, run.url,
                            run.status ? QString::number(run.status) : QStringLiteral("no answer"));
    for (const AssertionResult &a : run.assertions) {
        text += a.passed ? QStringLiteral("passed: %1\n").arg(a.assertion)
                         : QStringLiteral("FAILED: %1: %2\n").arg(a.assertion, a.message);
    }
    return text;
}

} // namespace

QByteArray junitReport(const RunReport &report, const QString &runName)
{
    QMap<QString, QList<const RequestRun *>> suites; // sorted: a stable file
    QStringList order;
    // The requests that ran, then those an interruption kept from starting (isNotRun).
    for (const QList<RequestRun> *list : {&report.runs, &report.notRun}) {
        for (const RequestRun &run : *list) {
            const QString suite = suiteOf(run);
            if (!suites.contains(suite))
                order.append(suite);
            suites[suite].append(&run);
        }
    }
    const auto isNotRun = [&report](const RequestRun *run) {
        return !report.notRun.isEmpty() && run >= report.notRun.constData()
            && run < report.notRun.constData() + report.notRun.size();
    };

    QByteArray out;
    QXmlStreamWriter xml(&out);
    xml.setAutoFormatting(true);
    xml.setAutoFormattingIndent(2);
    xml.writeStartDocument();
    xml.writeStartElement(QStringLiteral("testsuites"));
    xml.writeAttribute(QStringLiteral("name"), runName);
    xml.writeAttribute(QStringLiteral("tests"),
                       QString::number(report.runs.size() + report.notRun.size()));
    int failures = 0, errors = 0;
    for (const RequestRun &run : report.runs) {
        if (!run.error.isEmpty())
            ++errors;
        else if (!run.passed())
            ++failures;
    }
    xml.writeAttribute(QStringLiteral("failures"), QString::number(failures));
    xml.writeAttribute(QStringLiteral("errors"), QString::number(errors));
    xml.writeAttribute(QStringLiteral("time"), seconds(report.totals.wallMs));

    const QString timestamp = QDateTime::fromMSecsSinceEpoch(report.startedAtMs, Qt::UTC)
                                  .toString(Qt::ISODate)
                                  .chopped(1); // the Ant format has no zone: "2026-12-02T16:40:00"
    int id = 0;
    for (const QString &suite : order) {
        const QList<const RequestRun *> &runs = suites.value(suite);
        int suiteFailures = 0, suiteErrors = 0, suiteSkipped = 0;
        qint64 ms = 0;
        for (const RequestRun *run : runs) {
            if (isNotRun(run)) {
                ++suiteSkipped;
                continue;
            }
            suiteErrors += run->error.isEmpty() ? 0 : 1;
            suiteFailures += run->error.isEmpty() && !run->passed() ? 1 : 0;
            ms += run->elapsedMs;
        }
        xml.writeStartElement(QStringLiteral("testsuite"));
        xml.writeAttribute(QStringLiteral("name"), suite);
        xml.writeAttribute(QStringLiteral("id"), QString::number(id++));
        xml.writeAttribute(QStringLiteral("tests"), QString::number(runs.size()));
        xml.writeAttribute(QStringLiteral("failures"), QString::number(suiteFailures));
        xml.writeAttribute(QStringLiteral("errors"), QString::number(suiteErrors));
        xml.writeAttribute(QStringLiteral("skipped"), QString::number(suiteSkipped));
        xml.writeAttribute(QStringLiteral("time"), seconds(ms));
        xml.writeAttribute(QStringLiteral("timestamp"), timestamp);
        xml.writeAttribute(QStringLiteral("hostname"), QHostInfo::localHostName());
        xml.writeStartElement(QStringLiteral("properties"));
        const auto property = [&xml](const QString &name, const QString &value) {
            xml.writeStartElement(QStringLiteral("property"));
            xml.writeAttribute(QStringLiteral("name"), name);
            xml.writeAttribute(QStringLiteral("value"), value);
            xml.writeEndElement();
        };
        property(QStringLiteral("environment"), report.environment);
        property(QStringLiteral("iterations"), QString::number(report.iterations));
        if (report.totals.interrupted)
            property(QStringLiteral("interrupted"), QStringLiteral("true"));
        xml.writeEndElement();
        for (const RequestRun *run : runs) {
            xml.writeStartElement(QStringLiteral("testcase"));
            QString name = run->name.mid(suite.size() + 1);
            if (name.isEmpty() || !run->name.startsWith(suite + QLatin1Char('/')))
                name = run->name;
            if (report.iterations > 1)
                name += QStringLiteral(" [iteration %1]").arg(run->iteration);
            xml.writeAttribute(QStringLiteral("name"), name);
            xml.writeAttribute(QStringLiteral("classname"), suite);
            xml.writeAttribute(QStringLiteral("time"), seconds(run->elapsedMs));
            if (isNotRun(run)) {
                xml.writeStartElement(QStringLiteral("skipped"));
                xml.writeAttribute(QStringLiteral("message"), QStringLiteral("interrupted"));
                xml.writeEndElement();
            } else if (!run->error.isEmpty()) {
                xml.writeStartElement(QStringLiteral("error"));
                xml.writeAttribute(QStringLiteral("message"), run->error);
                xml.writeAttribute(QStringLiteral("type"), QStringLiteral("RequestError"));
                xml.writeCharacters(failureText(*run));
                xml.writeEndElement();
            } else if (!run->passed()) {
                QStringList failed;
                for (const AssertionResult &a : run->assertions) {
                    if (!a.passed)
                        failed.append(QStringLiteral("%1: %2").arg(a.assertion, a.message));
                }
                xml.writeStartElement(QStringLiteral("failure"));
                xml.writeAttribute(QStringLiteral("message"),
                                   QStringLiteral("%1 (HTTP %2)")
                                       .arg(failed.join(QStringLiteral("; ")))
                                       .arg(run->status));
                xml.writeAttribute(QStringLiteral("type"), QStringLiteral("AssertionFailure"));
                xml.writeCharacters(failureText(*run));
                xml.writeEndElement();
            }
            xml.writeEndElement();
        }
        xml.writeEndElement();
    }
    xml.writeEndElement();
    xml.writeEndDocument();
    return out;
}

} // namespace Keyway
