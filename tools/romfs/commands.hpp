// The romfs tool's subcommands. Each returns the process exit code and
// prints its own errors.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <optional>
#include <string>
#include <vector>

namespace romfs::tool {

struct build_args {
    std::string source;
    std::string output;                 // "" = SOURCE.romfs, "-" = stdout
    std::vector<std::string> align;     // "N" or "N:GLOB"
    std::vector<std::string> exclude;
    bool dedup = false;
    bool hash = false;                  // append an integrity record
    std::string max_size;               // bytes, K/M suffixes allowed
    std::string mpy_cross;              // path; "" = look on PATH
    bool no_mpy_cross = false;
    bool quiet = false;
    std::string depfile;                // make-style dependency file
};

struct ls_args {
    std::string image;
    std::string path = "/";
    bool long_format = false;
    bool recursive = false;
    bool json = false;
};

struct embed_args {
    std::string image;
    std::string output;
    std::string name;
    std::string ns;
    std::string section;
    std::uint32_t align = 0;
};

struct layout_args {
    std::vector<std::string> families;
    std::vector<std::string> files;
    std::vector<std::string> defsyms;
    std::vector<std::size_t> defsym_after;  // per --defsym: scripts given before it (ld's order matters)
    std::vector<std::string> flash_sizes;
    std::vector<std::string> flash_bases;
    std::vector<std::string> roles;
    std::vector<std::string> search_dirs;  // -L: where INCLUDE looks (after the current directory)
    bool cpp = false;                      // run the C preprocessor over each script first
    std::vector<std::string> defines;      // -D for --cpp
    std::vector<std::string> include_dirs; // -I for --cpp
    bool no_romfs_ok = false;              // a link without a ROM partition is not a problem
    std::string elf;                       // check the linked ELF instead of scripts
    std::string board;                     // with --elf: the board's bootloader regions
    std::string svg;                       // also write the map as SVG
    bool json = false;
};

// Where an image goes: a board's ROMFS partition, or an address on a family.
struct flash_target_args {
    std::string board;                  // MicroPython board name
    std::size_t partition = 0;          // ROMFS partition index (part0, part1...)
    std::string family;                 // with --address
    std::string address;
    std::string size;                   // partition size (default: to the end of the flash)
    std::string flash_size;             // with --family
};

struct flash_image_args {
    std::string image;
    std::string output;
    std::string format;                 // uf2, hex, bin; "" = from the output's extension
    std::string uf2_family;             // overrides the board's
    std::string firmware;               // .elf, .hex or .bin written with the image
    flash_target_args where;
};

struct deploy_args {
    std::string image;                  // an image, or a directory built first with `build`
    std::string flash_dump;             // into a dump of the whole flash, or
    std::string port;                   // onto a board over its raw REPL
    bool full = false;
    bool reset = false;                 // --port: soft-reset the board afterwards
    bool quiet = false;
    int timeout_ms = 10000;
    flash_target_args where;
    build_args build;                   // for a directory
};

// A MicroPython board on a serial port (or pseudo-terminal).
struct query_args {
    std::string port;
    bool json = false;
    int timeout_ms = 10000;             // silence from the device that counts as no answer
};

struct pull_args {
    std::string port;
    std::size_t partition = 0;
    std::string output;
    int timeout_ms = 10000;
};

int run_build(const build_args& a);
int run_pull(const pull_args& a);
int run_query(const query_args& a);
int run_flash_image(const flash_image_args& a);
int run_deploy(const deploy_args& a);
int run_device_deploy(const deploy_args& a, std::span<const std::byte> image);

// Runs `use` on IMAGE, or on a temporary image built from it with the
// options in `b` when it is a directory.
int with_image(const std::string& image, const build_args& b, const std::function<int(const std::string&)>& use);
int run_layout_check(const layout_args& a);
int run_ls(const ls_args& a);
int run_cat(const std::string& image, const std::string& path);
int run_extract(const std::string& image, const std::string& dir);
int run_verify(const std::vector<std::string>& images, bool quiet);
int run_info(const std::string& image, bool json);
int run_embed(const embed_args& a);

// "4096", "64K", "1M" (K = 1024). Empty optional on a malformed value.
std::optional<std::uint64_t> parse_size(const std::string& text);

// Prints "romfs: <message>" to stderr and returns `code`.
int report(const std::string& message, int code = 1);

} // namespace romfs::tool
