// Fuzzes the .http / .rest file importer (JetBrains HTTP client, VS Code REST Client).

#include "collection/import/importer.h"
#include "fuzzinput.h"

using namespace Keyway;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const ImportSource source{Fuzz::bytes(data, size), QStringLiteral("fuzz.http"), {}};
    (void)detectImportFormat(source);
    (void)importSource(source, ImportFormat::HttpFile);
    return 0;
}
