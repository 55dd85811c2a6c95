// Fuzzes the Postman collection (v2.0, v2.1) and environment importers, and the recognition of
// a format from the content that picks them.

#include "collection/import/importer.h"
#include "fuzzinput.h"

using namespace Keyway;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const ImportSource source{Fuzz::bytes(data, size), QStringLiteral("fuzz.postman_collection.json"), {}};
    (void)detectImportFormat(source);
    (void)importSource(source, ImportFormat::PostmanCollection);
    (void)importSource(source, ImportFormat::PostmanEnvironment);
    return 0;
}
