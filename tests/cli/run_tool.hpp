// Runs the romfs tool as a process for the CLI tests.
#pragma once

#include <sys/wait.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "temp_dir.hpp"

namespace romfs::test {

struct outcome {
    int code = -1;
    std::string out;
    std::string err;
};

inline std::string quote(const std::string& s) {
    std::string q = "'";
    for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

// Runs the tool with `args` in `t`'s directory, capturing stdout and stderr.
inline outcome run(const temp_dir& t, const std::vector<std::string>& args, const std::string& env = "") {
    std::string cmd = "cd " + quote(t.path().string()) + " && " + env + " " + quote(ROMFS_TOOL_PATH);
    for (const auto& a : args) cmd += " " + quote(a);
    cmd += " > .out 2> .err";
    const int status = std::system(cmd.c_str());
    outcome o;
    o.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    o.out = read_text(t / ".out");
    o.err = read_text(t / ".err");
    std::filesystem::remove(t / ".out");
    std::filesystem::remove(t / ".err");
    return o;
}

// Names in `dir`.
inline std::vector<std::string> listing(const std::filesystem::path& dir) {
    std::vector<std::string> names;
    for (const auto& e : std::filesystem::directory_iterator(dir)) names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

} // namespace romfs::test
