// Fuzzes the curl command line importer (bash and Windows cmd quoting).

#include "collection/import/importer.h"
#include "fuzzinput.h"

using namespace Keyway;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const ImportSource source{Fuzz::bytes(data, size), QStringLiteral("fuzz.sh"), {}};
    (void)detectImportFormat(source);
    (void)importSource(source, ImportFormat::Curl);
    return 0;
}
