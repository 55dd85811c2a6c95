// Saves a workspace into a folder over and over, switching between two versions (every request's
// URL ends in /a or /b), and says "saved N" after each save: the process tst_workspacecrash kills
// in the middle of a save. With --load it only loads the folder, as the next start of the app
// would, and prints each file the load swept ("swept PATH") and each problem.
#include "collection/workspacestore.h"
#include "workspacefixture.h"

#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>

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
    if (args.size() != 2) {
        std::fprintf(stderr, "usage: workspace_saver [--load] FOLDER\n");
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
