// romfs: build, inspect, verify and extract MicroPython ROMFS images.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <string>
#include <vector>

#include <romfs/version.hpp>

#include "commands.hpp"

namespace {
constexpr const char* exit_code_table =
    "Exit codes, for every subcommand:\n"
    "  0  success\n"
    "  1  the content is invalid or a check failed (a corrupt image, a path not in the image,\n"
    "     a layout rule broken, an image that does not fit)\n"
    "  2  a usage error or unreadable input (bad arguments, a missing or unreadable file,\n"
    "     a linker script that does not parse, an output that cannot be created)";

// A repeatable option: each occurrence takes exactly one value, so a vector
// option never swallows the positional arguments after it.
CLI::Option* repeatable(CLI::Option* option) {
    return option->expected(1)->allow_extra_args(false)->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
}
} // namespace

int main(int argc, char** argv) {
    using namespace romfs::tool;
    CLI::App app{"romfs: build, inspect, verify and extract MicroPython ROMFS (VfsRom, RM1) images"};
    app.require_subcommand(1);
    // One rule for every subcommand (docs/cli.md; tests/cli check each).
    app.footer(exit_code_table);
    app.set_version_flag("--version", "romfs " + std::to_string(ROMFS_VERSION_MAJOR) + "." +
                                          std::to_string(ROMFS_VERSION_MINOR) + "." +
                                          std::to_string(ROMFS_VERSION_PATCH));
    // Every error line starts with "romfs:", argument errors too (subcommands
    // made below inherit this).
    app.failure_message([](const CLI::App*, const CLI::Error& e) {
        return "romfs: " + std::string(e.what()) + "\nRun with --help for more information.\n";
    });

    build_args b;
    auto* build = app.add_subcommand("build", "Build an image from a directory (byte-compatible with mpremote)");
    build->add_option("DIR", b.source, "Source directory")->required();
    build->add_option("-o,--output", b.output, "Output file (default DIR.romfs; - for stdout)");
    repeatable(build->add_option("--align", b.align,
                                 "Align file data: N for all files, or N:GLOB; first matching rule wins (repeatable)"));
    repeatable(build->add_option("--exclude", b.exclude, "Leave out paths or names matching GLOB (repeatable)"));
    build->add_flag("--dedup", b.dedup, "Store identical file contents once (indirect data records)");
    build->add_flag("--hash", b.hash,
                    "Append an integrity record (SHA-256 of the payload) that verify and opt-in readers check; "
                    "MicroPython skips it");
    build->add_option("--max-size", b.max_size, "Fail if the image would exceed BYTES (K/M suffixes allowed)");
    build->add_option("--mpy-cross", b.mpy_cross, "Compile .py to .mpy with this mpy-cross (default: from PATH)");
    build->add_flag("--no-mpy-cross", b.no_mpy_cross, "Store .py files as they are");
    build->add_flag("-q,--quiet", b.quiet, "Do not print the tree");
    build->add_option("--depfile", b.depfile, "Write a make-style dependency file listing every input");

    ls_args l;
    auto* ls = app.add_subcommand("ls", "List an image");
    ls->add_option("IMAGE", l.image, "Image file")->required();
    ls->add_option("PATH", l.path, "Directory or file in the image (default /)");
    ls->add_flag("-l,--long", l.long_format, "Long format: type, size, data offset, alignment");
    ls->add_flag("-R,--recursive", l.recursive, "List subdirectories recursively (tree)");
    ls->add_flag("--json", l.json, "JSON array of every entry in image order (pre-order), with SHA-256");

    std::string image, path;
    auto* cat = app.add_subcommand("cat", "Write a file from an image to standard output");
    cat->add_option("IMAGE", image, "Image file")->required();
    cat->add_option("PATH", path, "File in the image")->required();

    std::string dir;
    auto* extract = app.add_subcommand("extract", "Extract an image into a new (or empty) directory");
    extract->add_option("IMAGE", image, "Image file")->required();
    extract->add_option("DIR", dir, "Destination directory")->required();

    std::vector<std::string> verify_images;
    bool verify_quiet = false;
    auto* verify = app.add_subcommand("verify", "Check images strictly; exit 0 all valid, 1 one is invalid, 2 one is unreadable");
    verify->add_option("IMAGES", verify_images, "Image files")->required();
    verify->add_flag("-q,--quiet", verify_quiet, "Print nothing for valid images (problems still go to stderr)");

    bool info_json = false;
    auto* info = app.add_subcommand("info", "Sizes, counts, deepest path, largest file, alignment histogram");
    info->add_option("IMAGE", image, "Image file")->required();
    info->add_flag("--json", info_json, "JSON output");

    embed_args e;
    auto* embed = app.add_subcommand("embed", "Write a C++ header holding an image as a constexpr array");
    embed->add_option("IMAGE", e.image, "Image file")->required();
    embed->add_option("-o,--output", e.output, "Header to write")->required();
    embed->add_option("--name", e.name, "C++ identifier of the array")->required();
    embed->add_option("--namespace", e.ns, "Namespace (e.g. app::assets)");
    embed->add_option("--section", e.section, "Linker section for the array");
    embed->add_option("--align", e.align, "Alignment of the array in bytes (power of two)");

    // --board, or --address with --family: shared by flash-image and deploy.
    auto target_options = [](CLI::App* cmd, flash_target_args& w) {
        cmd->add_option("--board", w.board,
                        "Board name (e.g. PCA10056, RPI_PICO, ADAFRUIT_FEATHER_M4_EXPRESS): its ROMFS partition");
        cmd->add_option("--partition", w.partition, "ROMFS partition index of the board (default 0)");
        cmd->add_option("--address", w.address, "Partition address (with --family instead of --board)");
        cmd->add_option("--family", w.family, "Flash family (e.g. stm32f4, rp2040) for --address");
        cmd->add_option("--size", w.size, "Partition size with --address (default: to the end of the flash)");
        cmd->add_option("--flash-size", w.flash_size, "Flash size with --family (K/M suffixes allowed)");
    };

    flash_image_args fi;
    auto* flash_image = app.add_subcommand(
        "flash-image", "Write an image at a board's ROMFS address (with --firmware, and the firmware) as UF2, Intel HEX or a sector-padded binary");
    flash_image->add_option("IMAGE", fi.image, "Image file")->required();
    flash_image->add_option("-o,--output", fi.output, "Output file (.uf2, .hex or .bin)")->required();
    flash_image->add_option("--format", fi.format, "uf2, hex or bin (default: from the output's extension)");
    flash_image->add_option("--uf2-family", fi.uf2_family, "UF2 family ID (default: the board's or family's)");
    flash_image->add_option("--firmware", fi.firmware,
                            "Firmware to write with the image, one file for the flasher: ELF (load addresses), "
                            "Intel HEX, or .bin (at the flash's first address); refused if any of it lies in the "
                            "ROM partition");
    target_options(flash_image, fi.where);

    deploy_args dp;
    double deploy_timeout = 10;
    auto* deploy = app.add_subcommand(
        "deploy", "Deploy an image (or a directory, built first) onto a board over its raw REPL (--port), or into a "
                  "raw dump of the whole flash (--flash-dump), as the device does: header last, read back, only "
                  "changed blocks");
    deploy->add_option("IMAGE", dp.image, "Image file, or a directory to build with the build options")->required();
    deploy->add_option("-p,--port", dp.port, "Serial port of the board (e.g. /dev/ttyACM0), or socket://HOST:PORT");
    deploy->add_option("--flash-dump", dp.flash_dump, "Whole-flash dump to update (created erased if missing)");
    deploy->add_flag("--full", dp.full, "Rewrite every block the image touches (default: only changed ones)");
    deploy->add_flag("--reset", dp.reset, "With --port: soft-reset the board afterwards (default: remount /rom)");
    deploy->add_flag("-q,--quiet", dp.quiet, "No progress bar and no summary (errors still go to stderr)");
    deploy->add_option("--timeout", deploy_timeout,
                       "Seconds of silence from the device that count as no answer (default 10; erases get more, "
                       "by their size)")
        ->check(CLI::PositiveNumber);
    target_options(deploy, dp.where);
    repeatable(deploy->add_option("--align", dp.build.align, "For a directory: as build --align (repeatable)"));
    repeatable(deploy->add_option("--exclude", dp.build.exclude, "For a directory: as build --exclude (repeatable)"));
    deploy->add_flag("--dedup", dp.build.dedup, "For a directory: as build --dedup");
    deploy->add_flag("--hash", dp.build.hash, "For a directory: as build --hash");
    deploy->add_option("--mpy-cross", dp.build.mpy_cross, "For a directory: as build --mpy-cross");
    deploy->add_flag("--no-mpy-cross", dp.build.no_mpy_cross, "For a directory: as build --no-mpy-cross");

    query_args q;
    double query_timeout = 10;
    auto* query = app.add_subcommand(
        "query", "Show a MicroPython board's ROM partitions over its raw REPL (as mpremote romfs query), writing nothing");
    query->add_option("-p,--port", q.port, "Serial port of the board (e.g. /dev/ttyACM0; a pseudo-terminal works), or socket://HOST:PORT")
        ->required();
    query->add_flag("--json", q.json, "JSON output");
    query->add_option("--timeout", query_timeout, "Seconds of silence from the device that count as no answer (default 10)")
        ->check(CLI::PositiveNumber);

    pull_args pl;
    double pull_timeout = 10;
    auto* pull = app.add_subcommand("pull", "Copy the image in a board's ROM partition back to the host, verified");
    pull->add_option("-p,--port", pl.port, "Serial port of the board, or socket://HOST:PORT")->required();
    pull->add_option("--partition", pl.partition, "ROM partition index (default 0)");
    pull->add_option("-o,--output", pl.output, "Image file to write (- for stdout)")->required();
    pull->add_option("--timeout", pull_timeout, "Seconds of silence from the device that count as no answer (default 10)")
        ->check(CLI::PositiveNumber);

    layout_args la;
    auto* layout = app.add_subcommand("layout", "Check flash layouts");
    layout->require_subcommand(1);
    auto* check = layout->add_subcommand(
        "check", "Check linker scripts (or an ESP-IDF partition table) against the layout rules; "
                 "exit 0 clean, 1 problems, 2 unreadable or unparsable input");
    auto* check_files = check->add_option("FILES", la.files, "Linker scripts in link order, or one partition table (.csv)");
    repeatable(check->add_option("--family", la.families, "Flash family per device (repeatable), e.g. stm32f4, rp2040")
        ->required());
    auto* check_defsym = repeatable(check->add_option(
        "--defsym", la.defsyms, "Linker --defsym NAME=VALUE (repeatable; its place among the scripts matters, as for ld)"));
    repeatable(check->add_option("--flash-size", la.flash_sizes, "Flash size per --family, in the same order (K/M suffixes; auto: from the link)"));
    repeatable(check->add_option("--flash-base", la.flash_bases, "Mapped base per --family where it varies by chip"));
    repeatable(check->add_option("--role", la.roles, "Override a region's role: REGION=ROLE (repeatable)"));
    repeatable(check->add_option("-L", la.search_dirs, "Directory INCLUDE searches after the current one, as ld's -L (repeatable)"));
    check->add_flag("--cpp", la.cpp, "Run the C preprocessor (cc -E -P -x c, or $CC) over each script first");
    repeatable(check->add_option("-D", la.defines, "With --cpp: a macro NAME[=VALUE] (repeatable)"));
    repeatable(check->add_option("-I", la.include_dirs, "With --cpp: an #include directory (repeatable)"));
    check->add_flag("--no-romfs-ok", la.no_romfs_ok, "Accept a link without a ROM partition");
    check->add_option("--elf", la.elf, "Check the linked firmware (ELF) instead of scripts: symbols and where sections went");
    check->add_option("--board", la.board, "With --elf: the board (e.g. ARDUINO_PORTENTA_C33) whose bootloader the firmware must clear");
    check->add_option("--svg", la.svg, "Also write the flash map as an SVG file");
    check->add_flag("--json", la.json, "JSON output");

    // A first word that is neither an option nor a subcommand is an unknown subcommand.
    if (argc > 1 && argv[1][0] != '-') {
        bool known = false;
        std::string names;
        for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
            known = known || sub->get_name() == argv[1];
            names += (names.empty() ? "" : ", ") + sub->get_name();
        }
        if (!known) return report("unknown subcommand '" + std::string(argv[1]) + "' (known: " + names + ")", 2);
    }
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& err) {
        const int code = app.exit(err);
        // Usage errors exit 2, as most command-line tools do; --help/--version 0.
        return code == 0 ? 0 : 2;
    }
    if (*build) return run_build(b);
    if (*ls) return run_ls(l);
    if (*cat) return run_cat(image, path);
    if (*extract) return run_extract(image, dir);
    if (*verify) return run_verify(verify_images, verify_quiet);
    if (*info) return run_info(image, info_json);
    if (*embed) return run_embed(e);
    if (*flash_image) return run_flash_image(fi);
    if (*deploy) {
        dp.timeout_ms = static_cast<int>(deploy_timeout * 1000);
        return run_deploy(dp);
    }
    if (*pull) {
        pl.timeout_ms = static_cast<int>(pull_timeout * 1000);
        return run_pull(pl);
    }
    if (*query) {
        q.timeout_ms = static_cast<int>(query_timeout * 1000);
        return run_query(q);
    }
    if (*check) {
        // ld evaluates a --defsym where it stands among the -T scripts.
        std::size_t files_so_far = 0;
        for (const CLI::Option* o : check->parse_order()) {
            if (o == check_files) ++files_so_far;
            if (o == check_defsym) la.defsym_after.push_back(files_so_far);
        }
        return run_layout_check(la);
    }
    return 2;
}
