// The main of every fuzz target in the normal (gcc) build: feeds each file of the folders given
// on the command line (the target's seed corpus and its regressions) to LLVMFuzzerTestOneInput
// once, so that ctest replays every input a fuzzer ever found interesting in seconds. The
// coverage-guided search itself is scripts/fuzz.sh (clang, libFuzzer).

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv)
{
    namespace fs = std::filesystem;
    std::vector<fs::path> inputs;
    for (int i = 1; i < argc; ++i) {
        std::error_code error;
        // A missing regressions/ folder is fine (no finding yet); the corpus is counted below.
        for (const fs::directory_entry &entry : fs::recursive_directory_iterator(argv[i], error)) {
            if (entry.is_regular_file())
                inputs.push_back(entry.path());
        }
    }
    std::sort(inputs.begin(), inputs.end());
    if (inputs.empty()) {
        // A replay of nothing proves nothing: a corpus that went missing must fail the test.
        std::fprintf(stderr, "no inputs found in the folders given; each target needs a corpus\n");
        return 2;
    }
    for (const fs::path &path : inputs) {
        std::ifstream file(path, std::ios::binary);
        const std::vector<char> bytes{std::istreambuf_iterator<char>(file),
                                      std::istreambuf_iterator<char>()};
        std::fprintf(stderr, "replaying %s (%zu bytes)\n", path.c_str(), bytes.size());
        LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t *>(bytes.data()), bytes.size());
    }
    std::printf("%zu inputs replayed without a crash\n", inputs.size());
    return 0;
}
