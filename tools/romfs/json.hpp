// JSON output for the romfs tool, through nlohmann-json (Debian's
// nlohmann-json3-dev): escaping and structure are right by construction.
#pragma once

#include <cstdio>
#include <string>

#include <nlohmann/json.hpp>

namespace romfs::tool {

// Prints `j` to standard output, two-space indented. Names are raw bytes in
// an image: a byte sequence that is not UTF-8 is written as U+FFFD, so the
// output is always valid JSON.
inline void print_json(const nlohmann::ordered_json& j) {
    const std::string text = j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    std::fputs(text.c_str(), stdout);
    std::fputc('\n', stdout);
}

} // namespace romfs::tool
