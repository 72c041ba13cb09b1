// Host helper for the firmware examples: writes a copy of an image whose
// first record is overwritten with kind 0, the way erased or zeroed flash
// shows up, so the second firmware variant boots a corrupt partition.
#include <romfs/romfs.hpp>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <vector>

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: corrupt IN.romfs OUT.romfs\n");
        return 2;
    }
    std::ifstream in(argv[1], std::ios::binary);
    std::vector<char> bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    const auto img = romfs::image::open(std::as_bytes(std::span<const char>(bytes.data(), bytes.size())));
    if (!img || img->payload_size() == 0) {
        std::fprintf(stderr, "corrupt: %s is not a non-empty ROMFS image\n", argv[1]);
        return 1;
    }
    bytes[img->payload_offset()] = 0;
    std::ofstream out(argv[2], std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    return out ? 0 : 1;
}
