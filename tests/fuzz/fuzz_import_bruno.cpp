// Fuzzes the Bruno importer. Bruno is a folder format, so the input is written as a request
// file, the collection file and an environment of a small collection folder, which is then
// imported as the user would import it.

#include "collection/import/importer.h"
#include "fuzzinput.h"

#include <QDir>
#include <QTemporaryDir>

using namespace Keyway;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    // One folder for the whole run: creating and removing a tree per input would cost more
    // than the import itself.
    static QTemporaryDir folder;
    static const bool prepared = [] {
        QDir(folder.path()).mkpath(QStringLiteral("environments"));
        Fuzz::writeFile(folder.filePath(QStringLiteral("bruno.json")),
                  R"({"version": "1", "name": "fuzz", "type": "collection"})");
        return true;
    }();
    Q_UNUSED(prepared);
    const QByteArray input = Fuzz::bytes(data, size);
    Fuzz::writeFile(folder.filePath(QStringLiteral("Request.bru")), input);
    Fuzz::writeFile(folder.filePath(QStringLiteral("collection.bru")), input);
    Fuzz::writeFile(folder.filePath(QStringLiteral("environments/Fuzz.bru")), input);
    (void)importSource({{}, {}, folder.path()}, ImportFormat::Bruno);
    return 0;
}
