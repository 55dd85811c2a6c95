// Fuzzes the workspace loader (WorkspaceStore::load and the strict readers of workspacejson.h):
// the input is written as workspace.json, an environment, a folder file and two request files of
// one workspace folder, which is then loaded as the app and the CLI load it.

#include "collection/workspacestore.h"
#include "fuzzinput.h"

#include <QDir>
#include <QTemporaryDir>

using namespace Keyway;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    // One folder for the whole run: a new tree per input would cost more than the load.
    static QTemporaryDir folder;
    static const bool prepared = [] {
        QDir(folder.path()).mkpath(QStringLiteral("environments"));
        QDir(folder.path()).mkpath(QStringLiteral("Users/Admin"));
        return true;
    }();
    Q_UNUSED(prepared);
    const QByteArray input = Fuzz::bytes(data, size);
    for (const char *file : {"workspace.json", "environments/dev.json", "Users/folder.json",
                             "Users/Get user.request.json", "Users/Admin/Delete.request.json"})
        Fuzz::writeFile(folder.filePath(QString::fromUtf8(file)), input);
    WorkspaceStore store(folder.path());
    const WorkspaceLoadResult result = store.load();
    for (const WorkspaceProblem &problem : result.problems)
        (void)problem.toString();
    return 0;
}
