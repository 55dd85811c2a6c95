// Fuzzes the Insomnia importer, v4 (JSON and YAML) and v5 (YAML, libyaml through yamlreader): the
// importer tells them apart by content, so one target reaches all of them.

#include "collection/import/importer.h"
#include "fuzzinput.h"

using namespace Keyway;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const ImportSource source{Fuzz::bytes(data, size), QStringLiteral("fuzz.insomnia"), {}};
    (void)detectImportFormat(source);
    (void)importSource(source, ImportFormat::Insomnia);
    return 0;
}
