/// @file
/// Glob matching for builder rules (`--align N:GLOB`, `--exclude GLOB`).
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace romfs::builder {

namespace detail {

enum class glob_token_kind { literal, any, set, star, globstar, globstar_dir };

struct glob_token {
    glob_token_kind kind = glob_token_kind::literal;
    char c = 0;                  // literal
    std::string_view set{};      // set body, without brackets and '!'
    bool negate = false;         // [!...]
};

inline bool set_contains(std::string_view set, unsigned char u) {
    for (std::size_t q = 0; q < set.size(); ++q) {
        auto lo = static_cast<unsigned char>(set[q]), hi = lo;
        if (q + 2 < set.size() && set[q + 1] == '-') {
            hi = static_cast<unsigned char>(set[q + 2]);
            q += 2;
        }
        if (u >= lo && u <= hi) return true;
    }
    return false;
}

inline std::vector<glob_token> tokenize(std::string_view pattern) {
    std::vector<glob_token> out;
    for (std::size_t p = 0; p < pattern.size(); ++p) {
        const char c = pattern[p];
        if (c == '*') {
            if (p + 1 < pattern.size() && pattern[p + 1] == '*') {
                ++p;
                if (p + 1 < pattern.size() && pattern[p + 1] == '/') {
                    ++p;
                    out.push_back({glob_token_kind::globstar_dir});
                } else {
                    out.push_back({glob_token_kind::globstar});
                }
            } else {
                out.push_back({glob_token_kind::star});
            }
        } else if (c == '?') {
            out.push_back({glob_token_kind::any});
        } else if (c == '[') {
            std::size_t q = p + 1;
            const bool negate = q < pattern.size() && (pattern[q] == '!' || pattern[q] == '^');
            if (negate) ++q;
            const std::size_t body = q;
            if (q < pattern.size()) ++q; // a ']' first is part of the set
            while (q < pattern.size() && pattern[q] != ']') ++q;
            if (q >= pattern.size()) {
                out.push_back({glob_token_kind::literal, '['}); // unterminated: a literal '['
            } else {
                out.push_back({glob_token_kind::set, 0, pattern.substr(body, q - body), negate});
                p = q;
            }
        } else {
            out.push_back({glob_token_kind::literal, c});
        }
    }
    return out;
}

} // namespace detail

/// Matches `text` against `pattern`: `*` is any run of characters except '/',
/// `**` any run including '/', `**/` zero or more whole directories, `?` one
/// character except '/', `[abc]`, `[a-z]`, `[!a-z]` one character of a set;
/// every other character matches itself. O(pattern x text), no recursion.
inline bool glob_match(std::string_view pattern, std::string_view text) {
    using detail::glob_token_kind;
    const auto tokens = detail::tokenize(pattern);
    const std::size_t m = text.size();
    // next[j]: tokens after i match text[j:]; row[j]: tokens from i match text[j:].
    std::vector<char> next(m + 1, 0), row(m + 1, 0);
    next[m] = 1;
    for (std::size_t i = tokens.size(); i-- > 0;) {
        const auto& t = tokens[i];
        bool dir_acc = false;
        for (std::size_t j = m + 1; j-- > 0;) {
            bool ok = false;
            switch (t.kind) {
            case glob_token_kind::star: ok = next[j] || (j < m && text[j] != '/' && row[j + 1]); break;
            case glob_token_kind::globstar: ok = next[j] || (j < m && row[j + 1]); break;
            case glob_token_kind::globstar_dir:
                if (j < m && text[j] == '/' && next[j + 1]) dir_acc = true;
                ok = next[j] || dir_acc;
                break;
            case glob_token_kind::any: ok = j < m && text[j] != '/' && next[j + 1]; break;
            case glob_token_kind::set:
                ok = j < m && text[j] != '/' &&
                     detail::set_contains(t.set, static_cast<unsigned char>(text[j])) != t.negate && next[j + 1];
                break;
            case glob_token_kind::literal: ok = j < m && text[j] == t.c && next[j + 1]; break;
            }
            row[j] = ok;
        }
        next.swap(row);
    }
    return next[0] != 0;
}

/// Matches a builder rule against a file: a pattern with a '/' is matched
/// against the path relative to the source directory ("lib/a.py"), one
/// without against the name alone ("a.py"), as genromfs and .gitignore do.
inline bool rule_matches(std::string_view pattern, std::string_view relative_path) {
    if (pattern.find('/') != std::string_view::npos) {
        if (!pattern.empty() && pattern.front() == '/') pattern.remove_prefix(1);
        return glob_match(pattern, relative_path);
    }
    const auto slash = relative_path.rfind('/');
    return glob_match(pattern, slash == std::string_view::npos ? relative_path : relative_path.substr(slash + 1));
}

} // namespace romfs::builder
