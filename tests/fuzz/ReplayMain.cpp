// The main() of a harness built without libFuzzer (any compiler): runs LLVMFuzzerTestOneInput on
// every file named, or in a folder named, in name order, so the seed corpus and the crashers are
// regression tests in every ctest run. A folder that does not exist is skipped (git keeps no empty
// folder); a run that found no input at all fails. Files whose name starts with '.' are skipped.

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace fs = std::filesystem;

int main(int argc, char** argv)
{
    std::vector<fs::path> inputs;
    for (int i = 1; i < argc; ++i) {
        const fs::path path(argv[i]);
        std::error_code error;
        if (fs::is_directory(path, error)) {
            std::vector<fs::path> files;
            for (const fs::directory_entry& entry : fs::directory_iterator(path)) {
                if (entry.is_regular_file() && entry.path().filename().string().rfind('.', 0) != 0)
                    files.push_back(entry.path());
            }
            std::sort(files.begin(), files.end());
            inputs.insert(inputs.end(), files.begin(), files.end());
        } else if (fs::is_regular_file(path, error)) {
            inputs.push_back(path);
        } else {
            std::printf("replay: %s does not exist, skipped\n", argv[i]);
        }
    }
    if (inputs.empty()) {
        std::fprintf(stderr, "replay: no input found\n");
        return 1;
    }
    for (const fs::path& path : inputs) {
        std::ifstream file(path, std::ios::binary);
        if (!file) {
            std::fprintf(stderr, "replay: cannot read %s\n", path.c_str());
            return 1;
        }
        const std::vector<char> bytes((std::istreambuf_iterator<char>(file)),
                                      std::istreambuf_iterator<char>());
        std::printf("replay: %s (%zu bytes)\n", path.c_str(), bytes.size());
        std::fflush(stdout);
        // A copy of exactly the file's size, as libFuzzer hands it: a read past the end is caught.
        std::vector<uint8_t> data(bytes.begin(), bytes.end());
        static uint8_t none = 0; // libFuzzer never passes a null pointer, even for an empty input
        LLVMFuzzerTestOneInput(data.empty() ? &none : data.data(), data.size());
    }
    std::printf("replay: %zu inputs, no failure\n", inputs.size());
    return 0;
}
