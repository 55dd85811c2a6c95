// Saves a workspace into a folder over and over, switching between two versions (every request's
// URL ends in /a or /b), and says "saved N" after each save: the process tst_workspacecrash kills
// in the middle of a save.
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
    if (args.size() != 2) {
        std::fprintf(stderr, "usage: workspace_saver FOLDER\n");
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
