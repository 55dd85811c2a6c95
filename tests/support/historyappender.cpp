// Another process keeping the same workspace history as the test (a second window): for each
// line "go ROUND" on its standard input it appends COUNT entries, http://TAG/ROUND/<i>, to the
// history file through its own HistoryModel, then says "done ROUND". It says "ready" once it
// has loaded the file, and exits at the end of its input.
#include "collection/historymodel.h"

#include <QCoreApplication>

#include <cstdio>
#include <iostream>
#include <string>

using namespace Keyway;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() != 5) {
        std::fprintf(stderr, "usage: history_appender FILE LIMIT TAG COUNT\n");
        return 2;
    }
    HistoryModel history(args[1], args[2].toInt());
    const QString tag = args[3];
    const int count = args[4].toInt();
    std::printf("ready\n");
    std::fflush(stdout);
    for (std::string command; std::getline(std::cin, command);) {
        const QString round = QString::fromStdString(command).section(QLatin1Char(' '), 1);
        for (int i = 0; i < count; ++i) {
            HistoryEntry entry;
            entry.sentAtMs = 1700000000000 + i;
            entry.method = QStringLiteral("GET");
            entry.url = QStringLiteral("http://%1/%2/%3").arg(tag, round).arg(i);
            entry.status = 200;
            history.append(entry);
            if (!history.fileError().isEmpty()) {
                std::fprintf(stderr, "%s\n", qPrintable(history.fileError()));
                return 1;
            }
        }
        std::printf("done %s\n", qPrintable(round));
        std::fflush(stdout);
    }
    return 0;
}
