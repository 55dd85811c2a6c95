// Saves a workspace into a folder over and over, switching between two versions (every request's
// URL ends in /a or /b), and says "saved N" after each save: the process tst_workspacecrash kills
// in the middle of a save. With --load it only loads the folder, as the next start of the app
// would, and prints each file the load swept ("swept PATH") and each problem. With --create it
// creates the workspace as `keyway-cli login` does on first use (WorkspaceLocation::ensureExists):
// it says "ready" once it found no workspace.json, waits for a line on its standard input (so that
// several create at the same moment), creates it and says "id <the workspace's id>".
#include "collection/workspacelocation.h"
#include "collection/workspacestore.h"
#include "workspacefixture.h"

#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>
#include <iostream>
#include <string>

using namespace Keyway;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() == 3 && args[1] == QLatin1String("--load")) {
        WorkspaceStore store(args[2]);
        const WorkspaceLoadResult loaded = store.load();
        for (const QString &swept : loaded.sweptFiles)
            std::printf("swept %s\n", qPrintable(swept));
        for (const WorkspaceProblem &problem : loaded.problems)
            std::printf("problem %s\n", qPrintable(problem.toString()));
        return loaded.problems.isEmpty() ? 0 : 1;
    }
    if (args.size() == 3 && args[1] == QLatin1String("--create")) {
        QString error;
        auto location = WorkspaceLocation::resolve(args[2], &error);
        if (location) {
            std::printf("ready\n");
            std::fflush(stdout);
            std::string go;
            std::getline(std::cin, go);
            error = location->ensureExists();
        }
        if (!error.isEmpty()) {
            std::fprintf(stderr, "%s\n", qPrintable(error));
            return 1;
        }
        std::printf("id %s\n", qPrintable(location->id()));
        return 0;
    }
    if (args.size() != 2) {
        std::fprintf(stderr, "usage: workspace_saver [--load|--create] FOLDER\n");
        return 2;
    }
    WorkspaceStore store(args[1]);
    store.load();
    for (quint64 n = 1;; ++n) {
        WorkspaceData data = Fixture::twoVersions(n % 2 == 0);
        const auto result = store.save(data);
        if (!result.ok()) {
            std::fprintf(stderr, "%s\n", qPrintable(result.problems.first().toString()));
            return 1;
        }
        std::printf("saved %llu\n", static_cast<unsigned long long>(n));
        std::fflush(stdout);
    }
}
