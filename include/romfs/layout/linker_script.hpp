/// @file
/// A constexpr parser for the GNU ld script subset that real board files use:
/// MEMORY blocks (every spelling: ORIGIN/org/o, LENGTH/len/l, with or without
/// attributes), symbol assignments anywhere (`sym = expr;`, compound
/// assignments, PROVIDE, PROVIDE_HIDDEN, HIDDEN) with full expression
/// evaluation (ORIGIN, LENGTH, DEFINED, ALIGN, MIN, MAX, ABSOLUTE, `?:`,
/// comparisons, K/M suffixes), `--defsym` values, INCLUDE, REGION_ALIAS;
/// other commands are skipped. No heap; errors are values with file, line
/// and column.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace romfs::layout::ld {

/// One script text (a `-T` script, or a file it INCLUDEs).
struct source {
    std::string_view name;   ///< File name, as INCLUDE refers to it.
    std::string_view text;   ///< Contents (already preprocessed, if the port uses cpp).
    bool top_level = true;   ///< False for files that are only INCLUDEd.
};

/// A `--defsym name=value` given to the linker (the value is an expression).
struct defsym {
    std::string_view name;   ///< Symbol.
    std::string_view value;  ///< Expression text, e.g. "0x20000" or "128K".
};

/// Where and what went wrong.
struct error {
    std::string_view file;     ///< Script name.
    std::uint32_t line = 0;    ///< 1-based line (0: not tied to a place).
    std::uint32_t column = 0;  ///< 1-based column.
    std::string_view message;  ///< What.
    std::string_view subject;  ///< The symbol, region or file concerned, if any.
};

/// A value or an error.
template <class T>
struct result {
    T value{};             ///< Valid when `ok`.
    bool ok = false;       ///< Whether `value` is valid.
    ld::error error{};     ///< Valid when not `ok`.
};

/// One MEMORY region.
struct memory_region {
    std::string_view name;        ///< Region name.
    std::string_view attributes;  ///< E.g. "rx" (empty when none given).
    std::uint64_t origin = 0;     ///< ORIGIN.
    std::uint64_t length = 0;     ///< LENGTH.
    std::string_view file;        ///< Script that declared it.
    std::uint32_t line = 0;       ///< Line of the declaration.

    /// One past the last byte.
    constexpr std::uint64_t end() const noexcept { return origin + length; }
};

namespace detail {

enum class tok : std::uint8_t { end, name, number, string, op };

struct token {
    tok kind = tok::end;
    std::string_view text;
    std::uint64_t number = 0;
    std::uint32_t line = 0;
    std::uint32_t column = 0;
    std::uint16_t file = 0;
};

constexpr bool is_alpha(char c) noexcept { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
constexpr bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
constexpr bool name_start(char c) noexcept { return is_alpha(c) || c == '.' || c == '$'; }
constexpr bool name_char(char c) noexcept { return name_start(c) || is_digit(c); }
constexpr int hex_digit(char c) noexcept {
    if (is_digit(c)) return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Tokenizes one script; comments and cpp line markers are skipped.
class lexer {
public:
    constexpr lexer(std::string_view text, std::uint16_t file) noexcept : s_(text), file_(file) {}

    constexpr token next() noexcept {
        token t = start_token();
        if (pos_ >= s_.size()) return t;
        const std::size_t start = pos_;
        const char c = s_[pos_];
        if (is_digit(c)) {
            t.kind = tok::number;
            std::uint64_t v = 0;
            bool bad = false;
            if (c == '0' && pos_ + 1 < s_.size() && (s_[pos_ + 1] == 'x' || s_[pos_ + 1] == 'X')) {
                pos_ += 2;
                std::size_t digits = 0;
                while (pos_ < s_.size() && hex_digit(s_[pos_]) >= 0) {
                    if (++digits > 16) bad = true;
                    v = v * 16 + static_cast<std::uint64_t>(hex_digit(s_[pos_++]));
                }
                if (digits == 0) bad = true;
            } else {
                while (pos_ < s_.size() && is_digit(s_[pos_])) {
                    const std::uint64_t d = static_cast<std::uint64_t>(s_[pos_++] - '0');
                    if (v > (~std::uint64_t{0} - d) / 10) bad = true;
                    v = v * 10 + d;
                }
            }
            if (pos_ < s_.size() && (s_[pos_] == 'K' || s_[pos_] == 'k')) {
                v *= 1024;
                ++pos_;
            } else if (pos_ < s_.size() && (s_[pos_] == 'M' || s_[pos_] == 'm')) {
                v *= 1024 * 1024;
                ++pos_;
            }
            // "12abc" is not a number.
            if (pos_ < s_.size() && name_char(s_[pos_])) bad = true;
            while (pos_ < s_.size() && name_char(s_[pos_])) ++pos_;
            t.number = v;
            t.text = s_.substr(start, pos_ - start);
            if (bad) t.kind = tok::op; // reported as unexpected by the parser
            return t;
        }
        if (name_start(c)) {
            t.kind = tok::name;
            while (pos_ < s_.size() && name_char(s_[pos_])) ++pos_;
            t.text = s_.substr(start, pos_ - start);
            return t;
        }
        if (c == '"') {
            t.kind = tok::string;
            ++pos_;
            while (pos_ < s_.size() && s_[pos_] != '"' && s_[pos_] != '\n') ++pos_;
            t.text = s_.substr(start + 1, pos_ - start - 1);
            if (pos_ < s_.size() && s_[pos_] == '"') ++pos_;
            return t;
        }
        t.kind = tok::op;
        constexpr std::string_view three[] = {"<<=", ">>="};
        constexpr std::string_view two[] = {"+=", "-=", "*=", "/=", "&=", "|=", "==", "!=",
                                            "<=", ">=", "&&", "||", "<<", ">>"};
        for (auto op : three)
            if (s_.substr(pos_, 3) == op) {
                pos_ += 3;
                t.text = op;
                return t;
            }
        for (auto op : two)
            if (s_.substr(pos_, 2) == op) {
                pos_ += 2;
                t.text = op;
                return t;
            }
        t.text = s_.substr(pos_++, 1);
        return t;
    }

    // A file name after INCLUDE: a quoted string or a run of non-space characters.
    constexpr token file_name() noexcept {
        token t = start_token();
        if (pos_ >= s_.size()) return t;
        if (s_[pos_] == '"') return next();
        const std::size_t start = pos_;
        while (pos_ < s_.size() && s_[pos_] != ' ' && s_[pos_] != '\t' && s_[pos_] != '\n' && s_[pos_] != '\r' &&
               s_[pos_] != ';')
            ++pos_;
        t.kind = tok::string;
        t.text = s_.substr(start, pos_ - start);
        return t;
    }

    constexpr bool unterminated_comment() const noexcept { return unterminated_; }
    constexpr std::uint32_t line() const noexcept { return line_; }

private:
    // Skips space and comments; an end token placed at the next character.
    constexpr token start_token() noexcept {
        skip_space();
        token t;
        t.line = line_;
        t.column = static_cast<std::uint32_t>(pos_ - line_start_ + 1);
        t.file = file_;
        return t;
    }

    constexpr void newline() noexcept {
        ++line_;
        line_start_ = pos_ + 1;
    }
    constexpr void skip_space() noexcept {
        for (;;) {
            if (pos_ >= s_.size()) return;
            const char c = s_[pos_];
            if (c == '\n') {
                newline();
                ++pos_;
            } else if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
                ++pos_;
            } else if (c == '/' && pos_ + 1 < s_.size() && s_[pos_ + 1] == '*') {
                pos_ += 2;
                while (pos_ + 1 < s_.size() && !(s_[pos_] == '*' && s_[pos_ + 1] == '/')) {
                    if (s_[pos_] == '\n') newline();
                    ++pos_;
                }
                if (pos_ + 1 >= s_.size()) {
                    unterminated_ = true;
                    pos_ = s_.size();
                    return;
                }
                pos_ += 2;
            } else if (c == '#' && pos_ == line_start_) {
                // A cpp line marker or a stray directive: skip the line.
                while (pos_ < s_.size() && s_[pos_] != '\n') ++pos_;
            } else {
                return;
            }
        }
    }

    std::string_view s_;
    std::size_t pos_ = 0;
    std::uint32_t line_ = 1;
    std::size_t line_start_ = 0;
    std::uint16_t file_ = 0;
    bool unterminated_ = false;
};

constexpr bool is(const token& t, std::string_view text) noexcept {
    return (t.kind == tok::op || t.kind == tok::name) && t.text == text;
}

constexpr bool is_assign_op(const token& t) noexcept {
    if (t.kind != tok::op) return false;
    for (auto op : {"=", "+=", "-=", "*=", "/=", "<<=", ">>=", "&=", "|="})
        if (t.text == op) return true;
    return false;
}

} // namespace detail

/// The result of parsing a link's scripts: its MEMORY regions and symbol
/// assignments. Symbols are evaluated on demand, in link order: an
/// assignment sees the value a symbol had before it (or a later definition
/// when there is none before, as forward references in ld do).
template <std::size_t MaxRegions = 32, std::size_t MaxAssignments = 256, std::size_t MaxTokens = 4096>
class script {
public:
    /// Parses `files` (top-level scripts in link order, plus any INCLUDEd
    /// ones) with the linker's `--defsym` values.
    static constexpr script parse(std::span<const source> files, std::span<const defsym> defsyms = {}) noexcept {
        script s;
        if (files.size() > s.file_names_.size()) {
            s.fail(detail::token{}, "too many script files", "");
            return s;
        }
        s.files_ = files;
        s.defsyms_ = defsyms;
        for (std::size_t i = 0; i < files.size(); ++i) s.file_names_[i] = files[i].name;
        s.file_count_ = files.size();
        for (std::size_t i = 0; i < defsyms.size() && s.ok_; ++i) s.lex_defsym(i);
        for (std::size_t i = 0; i < files.size() && s.ok_; ++i)
            if (files[i].top_level) s.parse_file(i, 0);
        // Regions are evaluated once everything is read: their expressions
        // may refer to symbols that a later script defines.
        for (std::size_t i = 0; i < s.region_count_ && s.ok_; ++i) s.evaluate_region(i);
        // The result refers to the texts (names, regions), not to these spans.
        s.files_ = {};
        s.defsyms_ = {};
        return s;
    }

    /// True when every script parsed.
    constexpr bool ok() const noexcept { return ok_; }
    /// The first error (when not ok).
    constexpr const ld::error& error() const noexcept { return error_; }

    /// The MEMORY regions, in declaration order.
    constexpr std::span<const memory_region> regions() const noexcept { return {regions_.data(), region_count_}; }

    /// The region called `name` (REGION_ALIAS names resolve), or nullptr.
    constexpr const memory_region* region(std::string_view name) const noexcept {
        for (std::size_t i = alias_count_; i-- > 0;)
            if (aliases_[i].alias == name) name = aliases_[i].target;
        for (std::size_t i = 0; i < region_count_; ++i)
            if (regions_[i].name == name) return &regions_[i];
        return nullptr;
    }

    /// Whether the link defines `name` (assignment, PROVIDE or --defsym).
    constexpr bool defined(std::string_view name) const noexcept {
        for (std::size_t i = 0; i < assignment_count_; ++i)
            if (assignments_[i].name == name) return true;
        return false;
    }

    /// The final value of symbol `name`. An error if it is not defined, or
    /// depends on where sections are placed (the location counter, ADDR...).
    constexpr result<std::uint64_t> symbol(std::string_view name) const noexcept {
        const auto v = lookup(name, assignment_count_, 0, {});
        result<std::uint64_t> r;
        if (!v.ok) {
            r.error = v.error;
            return r;
        }
        if (!v.value.known) {
            r.error = {"", 0, 0, "depends on section placement, not a constant", name};
            return r;
        }
        r.ok = true;
        r.value = v.value.v;
        return r;
    }

private:
    struct num {
        std::uint64_t v = 0;
        bool known = true;
    };
    struct assignment {
        std::string_view name;
        std::string_view op;     // "=", "+=", ...
        std::size_t expr = 0;    // first token of the expression
        bool provide = false;
        std::uint16_t file = 0;
    };
    struct alias {
        std::string_view alias;
        std::string_view target;
    };

    constexpr ld::error fail_at(const detail::token& t, std::string_view message, std::string_view subject = {}) const noexcept {
        // (file_count_ never exceeds the array; saying so spares GCC's -Warray-bounds.)
        const bool named = t.file < file_count_ && t.file < file_names_.size();
        return {named ? file_names_[t.file] : std::string_view("--defsym"), t.line, t.column, message,
                subject.empty() ? t.text : subject};
    }
    constexpr bool fail(const detail::token& t, std::string_view message, std::string_view subject = {}) noexcept {
        if (ok_) error_ = fail_at(t, message, subject);
        ok_ = false;
        return false;
    }
    constexpr bool push(const detail::token& t) noexcept {
        if (token_count_ == MaxTokens) return fail(t, "script too long for the parser's token capacity");
        tokens_[token_count_++] = t;
        return true;
    }

    constexpr bool lex_defsym(std::size_t i) noexcept {
        const auto& d = defsyms_[i];
        const std::size_t first = token_count_;
        detail::lexer lx(d.value, static_cast<std::uint16_t>(0xfff0));
        for (detail::token t = lx.next(); t.kind != detail::tok::end; t = lx.next())
            if (!push(t)) return false;
        if (token_count_ == first) return fail(detail::token{}, "--defsym without a value", d.name);
        if (!push(detail::token{detail::tok::op, ";", 0, 0, 0, 0xfff0})) return false;
        if (assignment_count_ == MaxAssignments) return fail(detail::token{}, "too many symbol assignments", d.name);
        assignments_[assignment_count_++] = assignment{d.name, "=", first, false, 0xfff0};
        return true;
    }

    // Tokenizes file `index` into the token array, then parses it.
    constexpr void parse_file(std::size_t index, int depth) noexcept {
        if (depth > 8) {
            fail(detail::token{}, "INCLUDE nested too deeply", files_[index].name);
            return;
        }
        const std::size_t first = token_count_;
        detail::lexer lx(files_[index].text, static_cast<std::uint16_t>(index));
        std::size_t marker_positions[16]{};
        std::string_view marker_names[16]{};
        std::size_t markers = 0;
        for (detail::token t = lx.next(); t.kind != detail::tok::end; t = lx.next()) {
            if (!push(t)) return;
            // INCLUDE's argument is a file name, not an expression.
            if (detail::is(t, "INCLUDE")) {
                const detail::token f = lx.file_name();
                if (f.kind == detail::tok::end) {
                    fail(t, "INCLUDE without a file name");
                    return;
                }
                if (!push(f)) return;
                if (markers < 16) {
                    marker_positions[markers] = token_count_ - 1;
                    marker_names[markers++] = f.text;
                }
            }
        }
        if (lx.unterminated_comment()) {
            fail(detail::token{detail::tok::end, "", 0, 0, 0, static_cast<std::uint16_t>(index)},
                 "unterminated comment");
            return;
        }
        const detail::token eof{detail::tok::end, "", 0, lx.line(), 1, static_cast<std::uint16_t>(index)};
        if (!push(eof)) return;
        const std::size_t last = token_count_ - 1;
        (void)marker_positions;
        (void)marker_names;
        statements(first, last, depth, false);
    }

    // Skips a balanced (...) starting at `pos` (which must be '(').
    constexpr bool skip_parens(std::size_t& pos, std::size_t last) noexcept {
        int depth = 0;
        for (; pos < last; ++pos) {
            if (detail::is(tokens_[pos], "(")) ++depth;
            if (detail::is(tokens_[pos], ")") && --depth == 0) {
                ++pos;
                return true;
            }
        }
        return fail(tokens_[last], "unbalanced parentheses");
    }

    // Records `name op expr ;` starting at pos (name), advancing past it.
    constexpr bool record_assignment(std::size_t& pos, std::size_t last, bool provide, bool in_parens) noexcept {
        const detail::token& name = tokens_[pos];
        const detail::token& op = tokens_[pos + 1];
        pos += 2;
        const std::size_t start = pos;
        int depth = 0;
        for (; pos < last; ++pos) {
            const auto& t = tokens_[pos];
            if (detail::is(t, "(")) ++depth;
            if (detail::is(t, ")")) {
                if (depth == 0 && in_parens) break;
                --depth;
            }
            if (depth == 0 && (detail::is(t, ";") || detail::is(t, "}"))) break;
        }
        if (pos == start) return fail(op, "assignment without a value", name.text);
        if (name.text != ".") {
            if (assignment_count_ == MaxAssignments) return fail(name, "too many symbol assignments");
            assignments_[assignment_count_++] = assignment{name.text, op.text, start, provide, name.file};
        }
        if (pos < last && detail::is(tokens_[pos], ";")) ++pos;
        return true;
    }

    // Statements at top level, inside SECTIONS, or inside an output section.
    constexpr void statements(std::size_t pos, std::size_t last, int depth, bool nested, int level = 0) noexcept {
        if (level > 16) {
            fail(tokens_[pos], "blocks nested too deeply");
            return;
        }
        const detail::token* prev = nullptr;
        while (pos < last && ok_) {
            const detail::token& t = tokens_[pos];
            if (detail::is(t, "MEMORY") && !nested) {
                ++pos;
                if (!detail::is(tokens_[pos], "{")) {
                    fail(tokens_[pos], "expected '{' after MEMORY");
                    return;
                }
                ++pos;
                if (!memory_block(pos, last)) return;
                prev = nullptr;
                continue;
            }
            if (detail::is(t, "INCLUDE")) {
                const detail::token& f = tokens_[pos + 1];
                pos += 2;
                std::size_t found = files_.size();
                for (std::size_t i = 0; i < files_.size(); ++i)
                    if (files_[i].name == f.text || base_name(files_[i].name) == base_name(f.text)) found = i;
                if (found == files_.size()) {
                    fail(f, "INCLUDE: file not supplied", f.text);
                    return;
                }
                // Tokens are appended after everything so far; positions stay valid.
                parse_file(found, depth + 1);
                if (pos < last && detail::is(tokens_[pos], ";")) ++pos;
                prev = nullptr;
                continue;
            }
            if ((detail::is(t, "PROVIDE") || detail::is(t, "PROVIDE_HIDDEN") || detail::is(t, "HIDDEN")) &&
                detail::is(tokens_[pos + 1], "(")) {
                const bool provide = !detail::is(t, "HIDDEN");
                pos += 2;
                if (tokens_[pos].kind != detail::tok::name || !detail::is_assign_op(tokens_[pos + 1])) {
                    fail(tokens_[pos], "expected 'symbol = expression' inside PROVIDE");
                    return;
                }
                if (!record_assignment(pos, last, provide, true)) return;
                if (!detail::is(tokens_[pos], ")")) {
                    fail(tokens_[pos], "expected ')' to close PROVIDE");
                    return;
                }
                ++pos;
                if (pos < last && detail::is(tokens_[pos], ";")) ++pos;
                prev = nullptr;
                continue;
            }
            if (detail::is(t, "REGION_ALIAS") && detail::is(tokens_[pos + 1], "(")) {
                const auto& a = tokens_[pos + 2];
                const auto& comma = tokens_[pos + 3];
                const auto& b = tokens_[pos + 4];
                if (detail::is(comma, ",") && alias_count_ < aliases_.size())
                    aliases_[alias_count_++] = alias{a.text, b.text};
                pos += 1;
                if (!skip_parens(pos, last)) return;
                prev = nullptr;
                continue;
            }
            // An assignment starts a statement: `name = ...`, unless the name
            // is a region after '>' or a phdr after ':' (`> FLASH =0xff` fill).
            if (t.kind == detail::tok::name && detail::is_assign_op(tokens_[pos + 1]) &&
                !(prev && (detail::is(*prev, ">") || detail::is(*prev, ":")))) {
                if (!record_assignment(pos, last, false, false)) return;
                prev = nullptr;
                continue;
            }
            if (detail::is(t, "{")) {
                // SECTIONS or an output section body: find the matching brace.
                int level = 0;
                std::size_t end = pos;
                for (; end < last; ++end) {
                    if (detail::is(tokens_[end], "{")) ++level;
                    if (detail::is(tokens_[end], "}") && --level == 0) break;
                }
                if (end >= last) {
                    fail(t, "unbalanced braces");
                    return;
                }
                statements(pos + 1, end, depth, true, level + 1);
                pos = end + 1;
                prev = &tokens_[end];
                continue;
            }
            if (detail::is(t, "}")) {
                fail(t, "unbalanced braces");
                return;
            }
            if (t.kind == detail::tok::op && !t.text.empty() && detail::is_digit(t.text[0])) {
                fail(t, "malformed number");
                return;
            }
            prev = &tokens_[pos];
            ++pos;
        }
    }

    static constexpr std::string_view base_name(std::string_view path) noexcept {
        const auto slash = path.rfind('/');
        return slash == std::string_view::npos ? path : path.substr(slash + 1);
    }

    // NAME [(attrs)] : ORIGIN|org|o = expr , LENGTH|len|l = expr
    constexpr bool memory_block(std::size_t& pos, std::size_t last) noexcept {
        while (pos < last && !detail::is(tokens_[pos], "}")) {
            const detail::token& name = tokens_[pos];
            if (name.kind != detail::tok::name) return fail(name, "expected a MEMORY region name");
            ++pos;
            std::string_view attrs;
            if (detail::is(tokens_[pos], "(")) {
                const std::size_t open = pos;
                if (!skip_parens(pos, last)) return false;
                const auto& a = tokens_[open + 1];
                if (a.kind == detail::tok::name) attrs = a.text;
                // "(!rx)" and friends: keep the text after '('.
                if (detail::is(a, "!") && tokens_[open + 2].kind == detail::tok::name) attrs = tokens_[open + 2].text;
            }
            if (!detail::is(tokens_[pos], ":")) return fail(tokens_[pos], "expected ':' after the region name", name.text);
            ++pos;
            std::size_t origin = 0, length = 0;
            if (!memory_field(pos, last, {"ORIGIN", "org", "o"}, origin, name)) return false;
            const std::size_t origin_end = pos;
            if (detail::is(tokens_[pos], ",")) ++pos;
            if (!memory_field(pos, last, {"LENGTH", "len", "l"}, length, name)) return false;
            if (region_count_ == MaxRegions) return fail(name, "too many MEMORY regions");
            regions_[region_count_] = memory_region{name.text, attrs, 0, 0, file_names_[name.file], name.line};
            region_exprs_[region_count_++] = {origin, origin_end, length, pos};
            if (detail::is(tokens_[pos], ",")) ++pos;
        }
        if (pos >= last) return fail(tokens_[last], "unterminated MEMORY block");
        ++pos; // '}'
        return true;
    }

    // Finds `KEY = expression` and skips the expression (evaluated later).
    constexpr bool memory_field(std::size_t& pos, std::size_t last, std::initializer_list<std::string_view> names,
                                std::size_t& out, const detail::token& region) noexcept {
        const detail::token& key = tokens_[pos];
        bool match = false;
        for (auto n : names) match = match || (key.kind == detail::tok::name && key.text == n);
        if (!match)
            return fail(key, names.size() && *names.begin() == "ORIGIN" ? "expected ORIGIN (or org, o)"
                                                                         : "expected LENGTH (or len, l)",
                        region.text);
        ++pos;
        if (!detail::is(tokens_[pos], "=")) return fail(tokens_[pos], "expected '='", region.text);
        ++pos;
        out = pos;
        // The expression ends at ',' (outside parentheses), or where the next
        // region or the closing brace starts.
        int level = 0;
        for (; pos < last; ++pos) {
            const auto& t = tokens_[pos];
            if (detail::is(t, "(")) ++level;
            if (detail::is(t, ")")) --level;
            if (level == 0 && (detail::is(t, ",") || detail::is(t, "}"))) break;
            // A name right after a complete operand (a number, a name or ')')
            // cannot continue the expression: it is the next region's name.
            if (level == 0 && pos > out && t.kind == detail::tok::name) {
                const auto& p = tokens_[pos - 1];
                if (p.kind == detail::tok::number || p.kind == detail::tok::name || detail::is(p, ")")) break;
            }
        }
        if (level != 0) return fail(tokens_[out], "unbalanced parentheses", region.text);
        if (pos == out) return fail(tokens_[pos], "expected a value", region.text);
        return true;
    }

    // One MEMORY field (ORIGIN or LENGTH): the expression in tokens [begin,
    // end) must be a constant that uses every token.
    constexpr bool region_value(std::size_t begin, std::size_t end, std::string_view field, std::string_view region,
                                std::uint64_t& out) noexcept {
        std::size_t pos = begin;
        const eval v = expr(pos, assignment_count_, 0);
        if (!v.ok) {
            ok_ = false;
            error_ = v.error;
            return false;
        }
        if (pos != end) {
            fail(tokens_[pos], field == "ORIGIN" ? "unexpected token in ORIGIN" : "unexpected token in LENGTH", region);
            return false;
        }
        if (!v.value.known) {
            fail(tokens_[begin],
                 field == "ORIGIN" ? "MEMORY ORIGIN depends on section placement"
                                   : "MEMORY LENGTH depends on section placement",
                 region);
            return false;
        }
        out = v.value.v;
        return true;
    }

    constexpr void evaluate_region(std::size_t i) noexcept {
        const auto& e = region_exprs_[i];
        evaluated_ = i; // ORIGIN()/LENGTH() may use regions before this one
        std::uint64_t origin = 0, length = 0;
        if (!region_value(e.origin, e.origin_end, "ORIGIN", regions_[i].name, origin)) return;
        if (!region_value(e.length, e.length_end, "LENGTH", regions_[i].name, length)) return;
        regions_[i].origin = origin;
        regions_[i].length = length;
        evaluated_ = i + 1;
    }

    // ---- expression evaluation (precedence climbing) ----
    struct eval {
        num value{};
        bool ok = true;
        ld::error error{};
    };

    constexpr eval bad(const detail::token& t, std::string_view message, std::string_view subject = {}) const noexcept {
        eval e;
        e.ok = false;
        e.error = fail_at(t, message, subject);
        return e;
    }

    static constexpr int precedence(const detail::token& t) noexcept {
        if (t.kind != detail::tok::op) return -1;
        const auto s = t.text;
        if (s == "||") return 1;
        if (s == "&&") return 2;
        if (s == "|") return 3;
        if (s == "^") return 4;
        if (s == "&") return 5;
        if (s == "==" || s == "!=") return 6;
        if (s == "<" || s == "<=" || s == ">" || s == ">=") return 7;
        if (s == "<<" || s == ">>") return 8;
        if (s == "+" || s == "-") return 9;
        if (s == "*" || s == "/" || s == "%") return 10;
        return -1;
    }

    static constexpr eval apply(std::string_view op, num a, num b, const detail::token& at, const script& self) noexcept {
        eval e;
        e.value.known = a.known && b.known;
        if (!e.value.known) return e;
        std::uint64_t r = 0;
        if (op == "||") r = (a.v || b.v);
        else if (op == "&&") r = (a.v && b.v);
        else if (op == "|") r = a.v | b.v;
        else if (op == "^") r = a.v ^ b.v;
        else if (op == "&") r = a.v & b.v;
        else if (op == "==") r = a.v == b.v;
        else if (op == "!=") r = a.v != b.v;
        else if (op == "<") r = a.v < b.v;
        else if (op == "<=") r = a.v <= b.v;
        else if (op == ">") r = a.v > b.v;
        else if (op == ">=") r = a.v >= b.v;
        else if (op == "<<") r = b.v >= 64 ? 0 : a.v << b.v;
        else if (op == ">>") r = b.v >= 64 ? 0 : a.v >> b.v;
        else if (op == "+") r = a.v + b.v;
        else if (op == "-") r = a.v - b.v;
        else if (op == "*") r = a.v * b.v;
        else if (op == "/" || op == "%") {
            if (b.v == 0) return self.bad(at, "division by zero");
            r = op == "/" ? a.v / b.v : a.v % b.v;
        }
        e.value.v = r;
        return e;
    }

    // expr := binary ['?' expr ':' expr]
    constexpr eval expr(std::size_t& pos, std::size_t before, int depth) const noexcept {
        if (depth > 64) return bad(tokens_[pos], "expression or symbol definitions nested too deeply (a cycle?)");
        eval cond = binary(pos, 0, before, depth);
        if (!cond.ok) return cond;
        if (!detail::is(tokens_[pos], "?")) return cond;
        ++pos;
        eval yes = expr(pos, before, depth + 1);
        if (!yes.ok) return yes;
        if (!detail::is(tokens_[pos], ":")) return bad(tokens_[pos], "expected ':' in '?:'");
        ++pos;
        eval no = expr(pos, before, depth + 1);
        if (!no.ok) return no;
        if (!cond.value.known) return eval{num{0, false}, true, {}};
        return cond.value.v ? yes : no;
    }

    constexpr eval binary(std::size_t& pos, int min_prec, std::size_t before, int depth) const noexcept {
        eval lhs = unary(pos, before, depth);
        if (!lhs.ok) return lhs;
        for (;;) {
            const detail::token& op = tokens_[pos];
            const int p = precedence(op);
            if (p < 0 || p < min_prec) return lhs;
            ++pos;
            eval rhs = binary(pos, p + 1, before, depth + 1);
            if (!rhs.ok) return rhs;
            lhs = apply(op.text, lhs.value, rhs.value, op, *this);
            if (!lhs.ok) return lhs;
        }
    }

    constexpr eval unary(std::size_t& pos, std::size_t before, int depth) const noexcept {
        const detail::token& t = tokens_[pos];
        if (depth > 64) return bad(t, "expression nested too deeply");
        if (detail::is(t, "-") || detail::is(t, "~") || detail::is(t, "!") || detail::is(t, "+")) {
            ++pos;
            eval v = unary(pos, before, depth + 1);
            if (!v.ok || !v.value.known) return v;
            if (t.text == "-") v.value.v = ~v.value.v + 1;
            if (t.text == "~") v.value.v = ~v.value.v;
            if (t.text == "!") v.value.v = v.value.v == 0;
            return v;
        }
        return primary(pos, before, depth);
    }

    // The name inside F(name) or F("name").
    constexpr bool argument_name(std::size_t& pos, std::string_view& name) const noexcept {
        if (!detail::is(tokens_[pos], "(")) return false;
        const auto& n = tokens_[pos + 1];
        if (n.kind != detail::tok::name && n.kind != detail::tok::string) return false;
        if (!detail::is(tokens_[pos + 2], ")")) return false;
        name = n.text;
        pos += 3;
        return true;
    }

    constexpr eval primary(std::size_t& pos, std::size_t before, int depth) const noexcept {
        const detail::token& t = tokens_[pos];
        if (t.kind == detail::tok::number) {
            ++pos;
            return eval{num{t.number, true}, true, {}};
        }
        if (detail::is(t, "(")) {
            ++pos;
            eval v = expr(pos, before, depth + 1);
            if (!v.ok) return v;
            if (!detail::is(tokens_[pos], ")")) return bad(tokens_[pos], "expected ')'");
            ++pos;
            return v;
        }
        if (t.kind != detail::tok::name) return bad(t, "expected an expression");
        const auto name = t.text;
        ++pos;
        if (name == "ORIGIN" || name == "LENGTH") {
            std::string_view region_name;
            if (!argument_name(pos, region_name)) return bad(t, "expected ORIGIN(region) or LENGTH(region)");
            const memory_region* r = region(region_name);
            if (r == nullptr) return bad(t, "unknown MEMORY region", region_name);
            if (static_cast<std::size_t>(r - regions_.data()) >= evaluated_)
                return bad(t, "MEMORY region used before it is declared", region_name);
            return eval{num{name == "ORIGIN" ? r->origin : r->length, true}, true, {}};
        }
        if (name == "DEFINED") {
            std::string_view sym;
            if (!argument_name(pos, sym)) return bad(t, "expected DEFINED(symbol)");
            return eval{num{defined(sym) ? 1u : 0u, true}, true, {}};
        }
        if (name == "ADDR" || name == "SIZEOF" || name == "LOADADDR" || name == "ALIGNOF" ||
            name == "CONSTANT" || name == "SEGMENT_START" || name == "NEXT" || name == "DATA_SEGMENT_ALIGN" ||
            name == "DATA_SEGMENT_END" || name == "DATA_SEGMENT_RELRO_END") {
            if (!detail::is(tokens_[pos], "(")) return bad(t, "expected '('");
            std::size_t p = pos;
            int level = 0;
            for (; tokens_[p].kind != detail::tok::end; ++p) {
                if (detail::is(tokens_[p], "(")) ++level;
                if (detail::is(tokens_[p], ")") && --level == 0) break;
            }
            if (tokens_[p].kind == detail::tok::end) return bad(t, "unbalanced parentheses");
            pos = p + 1;
            return eval{num{0, false}, true, {}}; // depends on placement
        }
        if (name == "SIZEOF_HEADERS" || name == ".") return eval{num{0, false}, true, {}};
        if (name == "ABSOLUTE" || name == "ALIGN" || name == "MAX" || name == "MIN") {
            if (!detail::is(tokens_[pos], "(")) return bad(t, "expected '('");
            ++pos;
            eval a = expr(pos, before, depth + 1);
            if (!a.ok) return a;
            eval b{};
            bool two = false;
            if (detail::is(tokens_[pos], ",")) {
                ++pos;
                b = expr(pos, before, depth + 1);
                if (!b.ok) return b;
                two = true;
            }
            if (!detail::is(tokens_[pos], ")")) return bad(tokens_[pos], "expected ')'");
            ++pos;
            if (name == "ABSOLUTE") return a;
            if (name == "ALIGN") {
                if (!two) return eval{num{0, false}, true, {}}; // ALIGN(n) aligns '.'
                if (!a.value.known || !b.value.known) return eval{num{0, false}, true, {}};
                if (b.value.v == 0) return bad(t, "ALIGN to 0");
                return eval{num{(a.value.v + b.value.v - 1) / b.value.v * b.value.v, true}, true, {}};
            }
            if (!two) return bad(t, "MIN and MAX take two arguments");
            if (!a.value.known || !b.value.known) return eval{num{0, false}, true, {}};
            const bool max = name == "MAX";
            return eval{num{(a.value.v > b.value.v) == max ? a.value.v : b.value.v, true}, true, {}};
        }
        return lookup(name, before, depth + 1, t);
    }

    // The value symbol `name` has before assignment number `before`.
    constexpr eval lookup(std::string_view name, std::size_t before, int depth, const detail::token& at) const noexcept {
        if (depth > 64) return bad(at, "symbol definitions form a cycle", name);
        // Latest definition before this point; else the first one after it
        // (a forward reference); PROVIDE only when nothing else defines it.
        std::size_t found = assignment_count_;
        for (std::size_t i = before < assignment_count_ ? before : assignment_count_; i-- > 0;)
            if (assignments_[i].name == name && !assignments_[i].provide) {
                found = i;
                break;
            }
        if (found == assignment_count_)
            for (std::size_t i = before; i < assignment_count_; ++i)
                if (assignments_[i].name == name && !assignments_[i].provide) {
                    found = i;
                    break;
                }
        if (found == assignment_count_)
            for (std::size_t i = 0; i < assignment_count_; ++i)
                if (assignments_[i].name == name) {
                    found = i;
                    break;
                }
        if (found == assignment_count_) {
            if (at.kind == detail::tok::end && at.text.empty()) return bad(at, "undefined symbol", name);
            return bad(at, "undefined symbol", name);
        }
        const assignment& a = assignments_[found];
        std::size_t p = a.expr;
        eval v = expr(p, found, depth + 1);
        if (!v.ok) return v;
        if (const auto& next = tokens_[p]; !(detail::is(next, ";") || detail::is(next, ")") ||
                                             detail::is(next, "}") || next.kind == detail::tok::end))
            return bad(next, "unexpected token in expression", name);
        if (a.op != "=") {
            // Compound: the previous value of the symbol, then the operator.
            eval old = lookup(name, found, depth + 1, tokens_[a.expr]);
            if (!old.ok) return old;
            const std::string_view op = a.op.substr(0, a.op.size() - 1);
            return apply(op, old.value, v.value, tokens_[a.expr], *this);
        }
        return v;
    }

    struct region_expr {
        std::size_t origin = 0;
        std::size_t origin_end = 0;
        std::size_t length = 0;
        std::size_t length_end = 0;
    };

    std::span<const source> files_{};
    std::span<const defsym> defsyms_{};
    std::array<std::string_view, 32> file_names_{};
    std::size_t file_count_ = 0;
    std::array<region_expr, MaxRegions> region_exprs_{};
    std::size_t evaluated_ = MaxRegions;
    std::array<detail::token, MaxTokens> tokens_{};
    std::size_t token_count_ = 0;
    std::array<memory_region, MaxRegions> regions_{};
    std::size_t region_count_ = 0;
    std::array<assignment, MaxAssignments> assignments_{};
    std::size_t assignment_count_ = 0;
    std::array<alias, 16> aliases_{};
    std::size_t alias_count_ = 0;
    bool ok_ = true;
    ld::error error_{};
};

} // namespace romfs::layout::ld
