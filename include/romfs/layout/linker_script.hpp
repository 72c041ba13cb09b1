/// @file
/// A constexpr parser and evaluator for GNU ld's script language, as board
/// files use it: MEMORY (every spelling of ORIGIN/LENGTH, attributes,
/// INCLUDE inside), SECTIONS with output sections and where they go
/// (`> REGION`, `AT> REGION`, `AT(addr)`, an address, `(NOLOAD)` and the
/// other types, `/DISCARD/`, OVERLAY), input section descriptions with globs
/// (`*lib/x/*(.text*)`, `KEEP`, `SORT*`, `EXCLUDE_FILE`), symbol assignments
/// anywhere (compound ones too; PROVIDE, PROVIDE_HIDDEN, HIDDEN), ASSERT,
/// ENTRY, REGION_ALIAS, INCLUDE at top level, in MEMORY, in SECTIONS and in
/// an output section, and the commands that name files or formats.
///
/// Expressions are evaluated as ld does: C operators and precedence, `?:`
/// and `&&`/`||` evaluate only the branch taken, `DEFINED(x)` is true only
/// for a `--defsym` or an assignment before the one being evaluated (so
/// `x = DEFINED(x) ? x : 4K;` is the "default unless given" idiom, not a
/// cycle), ORIGIN/LENGTH, ADDR/LOADADDR of sections with a constant address,
/// MIN/MAX/ALIGN/ABSOLUTE/LOG2CEIL, K/M suffixes. What depends on where the
/// linker puts sections (`.`, SIZEOF, ...) evaluates as "not a constant".
/// No heap; errors are values naming the file, line and column.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "../format/error.hpp"

namespace romfs::layout::ld {

/// One script text (a `-T` script, or a file it INCLUDEs).
struct source {
    std::string_view name;   ///< File name (INCLUDE names match it, or its tail after a '/').
    std::string_view text;   ///< Contents (already preprocessed, if the port uses cpp).
    bool top_level = true;   ///< False for files that are only INCLUDEd.
};

/// A `--defsym name=value` given to the linker (the value is an expression).
/// ld makes it an assignment at its place on the command line, so where it
/// stands among the `-T` scripts matters to DEFINED() and to the values
/// that scripts before it compute.
struct defsym {
    std::string_view name;   ///< Symbol.
    std::string_view value;  ///< Expression text, e.g. "0x20000" or "128K".
    std::size_t after = 0;   ///< Top-level scripts given before it on the command line (0: before all).
};

/// The kind of problem an `ld::error` reports (its message says more).
enum class errc : std::uint8_t {
    ok = 0,        ///< No error.
    syntax,        ///< The script does not parse as ld reads it.
    capacity,      ///< More files, regions, sections or symbols than the parser holds.
    expression,    ///< An expression cannot be evaluated (undefined symbol, cycle, bad ALIGN).
    not_constant,  ///< A value depends on where sections are placed.
    assertion,     ///< A constant ASSERT fails, as the link would.
};

/// Where and what went wrong.
struct error {
    std::string_view file;     ///< Script name ("--defsym" for a --defsym value).
    std::uint32_t line = 0;    ///< 1-based line (0: not tied to a place).
    std::uint32_t column = 0;  ///< 1-based column.
    std::string_view message;  ///< What.
    std::string_view subject;  ///< The symbol, region or file concerned, if any.
    ld::errc code = errc::ok;  ///< The kind of problem (`ok` when there is none).
};

/// A value or an `ld::error`.
template <class T>
using result = romfs::result<T, ld::error>;

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

/// An output section's type, as written after its name.
enum class section_type : std::uint8_t {
    load,     ///< No type: allocated and loaded.
    noload,   ///< `(NOLOAD)`: allocated, not loaded.
    readonly, ///< `(READONLY)`.
    copy,     ///< `(COPY)`, `(INFO)`, `(OVERLAY)`, `(DSECT)`: not allocated.
    discard,  ///< `/DISCARD/`.
};

/// One output section of SECTIONS and where it goes.
struct output_section {
    std::string_view name;        ///< E.g. ".text", "/DISCARD/".
    std::string_view region;      ///< `> REGION` (VMA), as written; empty when none.
    std::string_view lma_region;  ///< `AT> REGION` (LMA); empty when none.
    section_type type = section_type::load; ///< Its type.
    bool has_address = false;     ///< An address was written before ':'.
    bool has_lma = false;         ///< `AT(address)` was given.
    bool has_input = false;       ///< It takes input sections or data (not only assignments).
    bool vectors = false;         ///< It holds the vector table (.isr_vector, .vectors, .vector_table).
    bool code = false;            ///< It holds code (.text input sections, or is named .text).
    std::string_view file;        ///< Script that declared it.
    std::uint32_t line = 0;       ///< Line of the declaration.
    std::uint32_t address_node = 0; ///< (Internal) expression of the address, 0 when none.
    std::uint32_t lma_node = 0;     ///< (Internal) expression of AT(...), 0 when none.

    /// Whether it occupies memory in the output (not discarded or informational).
    constexpr bool allocated() const noexcept { return type != section_type::copy && type != section_type::discard; }
    /// Whether its contents are in the load image (what a flash programmer writes).
    constexpr bool loaded() const noexcept { return type == section_type::load || type == section_type::readonly; }
};

namespace detail {

enum class tok : std::uint8_t { end, name, number, string, op, bad };

struct token {
    tok kind = tok::end;
    std::string_view text;
    std::uint64_t number = 0;
    std::uint32_t line = 0;
    std::uint32_t column = 0;
    std::uint16_t file = 0;
};

// What the next token may look like; ld's lexer has the same states.
enum class mode : std::uint8_t {
    expression, ///< Numbers, symbol names, operators.
    script,     ///< Names of sections, regions, files (`/DISCARD/`, `.ARM.exidx`, `libc.a`).
    wild,       ///< Input section patterns: globs (`*lib/x/*`, `*crtbegin?.o`, `[ab]*`).
};

constexpr bool is_alpha(char c) noexcept { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
constexpr bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
constexpr int hex_digit(char c) noexcept {
    if (is_digit(c)) return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}
// Character classes, one table lookup a character (cheap in constant
// evaluation, where every comparison counts against the compiler's limits).
enum : std::uint8_t { c_symbol_start = 1, c_symbol = 2, c_script = 4, c_wild = 8 };
inline constexpr std::array<std::uint8_t, 256> char_classes = [] {
    std::array<std::uint8_t, 256> t{};
    for (int c = 0; c < 256; ++c) {
        const char ch = static_cast<char>(c);
        std::uint8_t k = 0;
        if (is_alpha(ch) || ch == '.' || ch == '\\') k |= c_symbol_start | c_symbol;
        if (is_digit(ch) || ch == '$' || ch == '~') k |= c_symbol;
        if (k & c_symbol || ch == '/' || ch == '-' || ch == '+') k |= c_script;
        if (k & c_script || ch == '*' || ch == '?' || ch == '[' || ch == ']' || ch == '^' || ch == '!' || ch == ':')
            k |= c_wild;
        t[static_cast<std::size_t>(c)] = k;
    }
    return t;
}();
constexpr bool has_class(char c, std::uint8_t k) noexcept {
    return (char_classes[static_cast<unsigned char>(c)] & k) != 0;
}
constexpr bool symbol_start(char c) noexcept { return has_class(c, c_symbol_start); }
constexpr bool symbol_char(char c) noexcept { return has_class(c, c_symbol); }

// One script's lexer. The parser says which mode each token is read in and
// copies the lexer to look ahead. Comments start only where a token could.
class lexer {
public:
    constexpr lexer() noexcept = default;
    constexpr lexer(std::string_view text, std::uint16_t file) noexcept : s_(text), file_(file) {}

    constexpr token next(mode m) noexcept {
        token t = start_token();
        if (unterminated_) {
            t.kind = tok::bad;
            t.text = "unterminated comment";
            t.line = comment_line_;
            t.column = comment_column_;
            return t;
        }
        if (pos_ >= s_.size()) return t;
        const std::size_t start = pos_;
        const char c = s_[pos_];
        if (c == '"') {
            ++pos_;
            while (pos_ < s_.size() && s_[pos_] != '"' && s_[pos_] != '\n') ++pos_;
            if (pos_ >= s_.size() || s_[pos_] != '"') {
                t.kind = tok::bad;
                t.text = "unterminated string";
                return t;
            }
            t.kind = tok::string;
            t.text = s_.substr(start + 1, pos_ - start - 1);
            ++pos_;
            return t;
        }
        if (m == mode::expression && (is_digit(c) || (c == '$' && pos_ + 1 < s_.size() && hex_digit(s_[pos_ + 1]) >= 0)))
            return number(t);
        const bool comment = c == '/' && pos_ + 1 < s_.size() && s_[pos_ + 1] == '*';
        const auto run = [&](std::uint8_t k) {
            while (pos_ < s_.size() && has_class(s_[pos_], k)) ++pos_;
            t.kind = tok::name;
            t.text = s_.substr(start, pos_ - start);
            return t;
        };
        if (m == mode::expression && symbol_start(c)) return run(c_symbol);
        if (m == mode::script && has_class(c, c_script) && !comment) return run(c_script);
        if (m == mode::wild && has_class(c, c_wild) && !comment) return run(c_wild);
        // Operators: the longest of <<= >>= and the two-character ones that fits.
        t.kind = tok::op;
        const char d = pos_ + 1 < s_.size() ? s_[pos_ + 1] : '\0';
        std::size_t n = 1;
        if ((c == '<' || c == '>') && d == c) n = pos_ + 2 < s_.size() && s_[pos_ + 2] == '=' ? 3 : 2;
        else if (d == '=' && (c == '+' || c == '-' || c == '*' || c == '/' || c == '&' || c == '|' || c == '%' ||
                              c == '=' || c == '!' || c == '<' || c == '>'))
            n = 2;
        else if ((c == '&' || c == '|') && d == c) n = 2;
        t.text = s_.substr(pos_, n);
        pos_ += n;
        return t;
    }

    // 0x10, $10, 010 (decimal, as ld reads it), with K or M.
    constexpr token number(token t) noexcept {
        const std::size_t start = pos_;
        std::uint64_t v = 0;
        bool bad = false;
        unsigned base = 10;
        if (s_[pos_] == '$') {
            base = 16;
            ++pos_;
        } else if (s_[pos_] == '0' && pos_ + 1 < s_.size() && (s_[pos_ + 1] == 'x' || s_[pos_ + 1] == 'X')) {
            base = 16;
            pos_ += 2;
        }
        std::size_t digits = 0;
        for (; pos_ < s_.size(); ++pos_) {
            const int d = base == 16 ? hex_digit(s_[pos_]) : (is_digit(s_[pos_]) ? s_[pos_] - '0' : -1);
            if (d < 0) break;
            ++digits;
            if (v > (~std::uint64_t{0} - static_cast<std::uint64_t>(d)) / base) bad = true;
            v = v * base + static_cast<std::uint64_t>(d);
        }
        if (digits == 0) bad = true;
        if (pos_ < s_.size() && (s_[pos_] == 'K' || s_[pos_] == 'k' || s_[pos_] == 'M' || s_[pos_] == 'm')) {
            const std::uint64_t scale = (s_[pos_] == 'K' || s_[pos_] == 'k') ? 1024 : 1024 * 1024;
            if (v > ~std::uint64_t{0} / scale) bad = true;
            v *= scale;
            ++pos_;
        }
        // "12abc" is not a number.
        if (pos_ < s_.size() && symbol_char(s_[pos_])) bad = true;
        while (pos_ < s_.size() && symbol_char(s_[pos_])) ++pos_;
        t.kind = bad ? tok::bad : tok::number;
        t.number = v;
        t.text = s_.substr(start, pos_ - start);
        return t;
    }

    // Skips space and comments; the token is placed at the next character.
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
        while (pos_ < s_.size()) {
            const char c = s_[pos_];
            if (c == '\n') {
                newline();
                ++pos_;
            } else if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
                ++pos_;
            } else if (c == '/' && pos_ + 1 < s_.size() && s_[pos_ + 1] == '*') {
                comment_line_ = line_;
                comment_column_ = static_cast<std::uint32_t>(pos_ - line_start_ + 1);
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
                // A cpp line marker left in preprocessed output: skip the line.
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
    std::uint32_t comment_line_ = 0;
    std::uint32_t comment_column_ = 0;
    std::uint16_t file_ = 0;
    bool unterminated_ = false;
};

constexpr bool is(const token& t, std::string_view text) noexcept {
    return (t.kind == tok::op || t.kind == tok::name) && t.text == text;
}

constexpr bool is_assign_op(const token& t) noexcept {
    if (t.kind != tok::op) return false;
    for (auto op : {"=", "+=", "-=", "*=", "/=", "%=", "<<=", ">>=", "&=", "|="})
        if (t.text == op) return true;
    return false;
}

// Binary operator precedence (C's); -1 for anything else.
constexpr int precedence(const token& t) noexcept {
    if (t.kind != tok::op) return -1;
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

// An expression tree node.
enum class node_kind : std::uint8_t { number, symbol, dot, unary, binary, ternary, call };

struct node {
    node_kind kind = node_kind::number;
    std::string_view text;      // symbol, operator or function name
    std::string_view arg;       // a name argument: ORIGIN(arg), DEFINED(arg), ADDR(arg)
    std::uint64_t value = 0;    // a number
    std::uint32_t a = 0, b = 0, c = 0; // operands (0: none; node 0 is never used)
    std::uint32_t line = 0;
    std::uint32_t column = 0;
    std::uint16_t file = 0;
};

// Functions whose argument is a name, not an expression.
constexpr bool takes_name(std::string_view f) noexcept {
    return f == "ORIGIN" || f == "LENGTH" || f == "DEFINED" || f == "ADDR" || f == "LOADADDR" || f == "SIZEOF" ||
           f == "ALIGNOF" || f == "CONSTANT" || f == "SEGMENT_START";
}

// Functions with expression arguments: how many (min, max).
constexpr bool expression_function(std::string_view f, int& lo, int& hi) noexcept {
    lo = hi = 1;
    if (f == "ABSOLUTE" || f == "NEXT" || f == "LOG2CEIL" || f == "DATA_SEGMENT_END" || f == "BLOCK") return true;
    if (f == "ALIGN") {
        hi = 2;
        return true;
    }
    if (f == "MAX" || f == "MIN" || f == "DATA_SEGMENT_ALIGN" || f == "DATA_SEGMENT_RELRO_END" || f == "ASSERT") {
        lo = hi = 2;
        return true;
    }
    return false;
}

} // namespace detail

/// The result of parsing a link's scripts: MEMORY regions, output sections
/// and where they go, symbol assignments and ASSERTs. Symbols are evaluated
/// on demand: an expression sees the value a symbol has before the
/// assignment it belongs to (or, for a symbol first assigned later, that
/// later definition, as ld's final values are), and DEFINED sees only
/// earlier definitions.
///
/// @tparam MaxRegions      MEMORY regions (and REGION_ALIASes).
/// @tparam MaxAssignments  Symbol assignments, --defsym included.
/// @tparam MaxNodes        Expression tree nodes.
/// @tparam MaxSections     Output sections.
template <std::size_t MaxRegions = 32, std::size_t MaxAssignments = 256, std::size_t MaxNodes = 2048,
          std::size_t MaxSections = 64>
class script {
public:
    /// Parses `files` (top-level scripts in link order, plus any INCLUDEd
    /// ones) with the linker's `--defsym` values.
    static constexpr script parse(std::span<const source> files, std::span<const defsym> defsyms = {}) noexcept {
        script s;
        if (files.size() > s.file_names_.size()) {
            s.fail(detail::token{}, "too many script files", {}, errc::capacity);
            return s;
        }
        s.files_ = files;
        for (std::size_t i = 0; i < files.size(); ++i) s.file_names_[i] = files[i].name;
        s.file_count_ = files.size();
        // Scripts and --defsym values in command-line order.
        std::size_t scripts = 0;
        const auto defsyms_up_to = [&](std::size_t n) {
            for (const auto& d : defsyms)
                if (s.ok_ && d.after == n) s.parse_defsym(d);
        };
        for (std::size_t i = 0; i < files.size() && s.ok_; ++i) {
            if (!files[i].top_level) continue;
            defsyms_up_to(scripts);
            s.parse_file(i, context::top, 0);
            ++scripts;
        }
        for (const auto& d : defsyms)
            if (s.ok_ && d.after >= scripts) s.parse_defsym(d);
        for (std::size_t i = 0; i < s.region_count_ && s.ok_; ++i) s.evaluate_region(i);
        for (std::size_t i = 0; i < s.assert_count_ && s.ok_; ++i) s.check_assert(i);
        s.files_ = {}; // the result refers to the texts, not to the caller's span
        return s;
    }

    /// True when every script parsed and every evaluable ASSERT holds.
    constexpr bool ok() const noexcept { return ok_; }
    /// The first error (when not ok).
    constexpr const ld::error& error() const noexcept { return error_; }
    /// When parsing stopped at an INCLUDE of a file not supplied: its name
    /// as written (a tool searches for it and parses again); else empty.
    constexpr std::string_view missing_include() const noexcept { return missing_include_; }

    /// The MEMORY regions, in declaration order.
    constexpr std::span<const memory_region> regions() const noexcept { return {regions_.data(), region_count_}; }

    /// The output sections, in script order.
    constexpr std::span<const output_section> sections() const noexcept { return {sections_.data(), section_count_}; }

    /// The region called `name` (REGION_ALIAS names resolve), or nullptr.
    constexpr const memory_region* region(std::string_view name) const noexcept {
        for (std::size_t hops = 0; hops <= alias_count_; ++hops) {
            bool aliased = false;
            for (std::size_t i = 0; i < alias_count_ && !aliased; ++i)
                if (aliases_[i].alias == name) {
                    name = aliases_[i].target;
                    aliased = true;
                }
            if (!aliased) break;
        }
        for (std::size_t i = 0; i < region_count_; ++i)
            if (regions_[i].name == name) return &regions_[i];
        return nullptr;
    }

    /// The output section called `name`, or nullptr.
    constexpr const output_section* section(std::string_view name) const noexcept {
        for (std::size_t i = 0; i < section_count_; ++i)
            if (sections_[i].name == name) return &sections_[i];
        return nullptr;
    }

    /// Whether the link defines `name` anywhere (assignment, PROVIDE or --defsym).
    constexpr bool defined(std::string_view name) const noexcept {
        for (std::size_t i = 0; i < assignment_count_; ++i)
            if (assignments_[i].name == name) return true;
        return false;
    }

    /// The final value of symbol `name`. An error if it is not defined, or
    /// depends on where sections are placed (the location counter, SIZEOF...).
    constexpr result<std::uint64_t> symbol(std::string_view name) const noexcept {
        const auto v = lookup(name, assignment_count_, 0, {});
        if (!v) return v.error();
        if (!v->known) {
            // Named at its (last) assignment, where the location counter or a
            // section's size comes in.
            constexpr std::string_view why = "depends on section placement, not a constant";
            for (std::size_t i = assignment_count_; i-- > 0;)
                if (assignments_[i].name == name) {
                    const auto& n = nodes_[assignments_[i].expr];
                    return error_at(n.file, n.line, n.column, why, name, errc::not_constant);
                }
            return ld::error{"", 0, 0, why, name, errc::not_constant};
        }
        return v->v;
    }

    /// Calls `visit(name)` once for each symbol the link assigns, in order of
    /// first assignment.
    template <class Visit>
    constexpr void for_each_symbol(Visit&& visit) const {
        for (std::size_t i = 0; i < assignment_count_; ++i) {
            bool first = true;
            for (std::size_t k = 0; k < i && first; ++k) first = assignments_[k].name != assignments_[i].name;
            if (first) visit(assignments_[i].name);
        }
    }

private:
    enum class context : std::uint8_t { top, memory, sections, section_body };
    struct num {
        std::uint64_t v = 0;
        bool known = true;
    };
    struct assignment {
        std::string_view name;
        std::string_view op;     // "=", "+=", ...
        std::uint32_t expr = 0;  // root node
        bool provide = false;
    };
    struct alias {
        std::string_view alias;
        std::string_view target;
    };
    struct assertion {
        std::uint32_t expr = 0;
        std::string_view message;
        std::size_t before = 0;  // assignments visible to it
    };
    struct region_expr {
        std::uint32_t origin = 0;
        std::uint32_t length = 0;
    };
    using eval = result<num>;

    // ---- errors ----
    constexpr ld::error error_at(std::uint16_t file, std::uint32_t line, std::uint32_t column,
                                 std::string_view message, std::string_view subject, ld::errc code) const noexcept {
        // (file_count_ never exceeds the array; saying so spares GCC's -Warray-bounds.)
        const bool named = file < file_count_ && file < file_names_.size();
        return {named ? file_names_[file] : std::string_view("--defsym"), line, column, message, subject, code};
    }
    constexpr bool fail(const detail::token& t, std::string_view message, std::string_view subject = {},
                        ld::errc code = errc::syntax) noexcept {
        if (ok_) error_ = error_at(t.file, t.line, t.column, message, subject.empty() ? t.text : subject, code);
        ok_ = false;
        return false;
    }

    // ---- tokens ----
    // One token of lookahead is kept (with the lexer state after it), so the
    // parser's peeks do not lex the same text again: in constant evaluation
    // that re-lexing is what would run into the compiler's step limits.
    constexpr const detail::token& peek(detail::mode m = detail::mode::expression) noexcept {
        if (!ahead_valid_ || ahead_mode_ != m) {
            ahead_lexer_ = lx_;
            ahead_ = ahead_lexer_.next(m);
            ahead_mode_ = m;
            ahead_valid_ = true;
        }
        return ahead_;
    }
    constexpr detail::token next(detail::mode m = detail::mode::expression) noexcept {
        const detail::token t = peek(m);
        lx_ = ahead_lexer_;
        ahead_valid_ = false;
        if (t.kind == detail::tok::bad) fail(t, t.text == "unterminated comment" || t.text == "unterminated string"
                                                     ? t.text
                                                     : std::string_view("malformed number"));
        return t;
    }
    constexpr detail::token peek2(detail::mode m = detail::mode::expression) noexcept {
        peek(m);
        detail::lexer copy = ahead_lexer_;
        return copy.next(m);
    }
    // Reads `l` from here on (a --defsym value, an INCLUDEd file, or back).
    constexpr void read_from(const detail::lexer& l) noexcept {
        lx_ = l;
        ahead_valid_ = false;
    }
    constexpr bool accept(std::string_view text) noexcept {
        if (!detail::is(peek(), text)) return false;
        next();
        return true;
    }
    constexpr bool expect(std::string_view text, std::string_view message, std::string_view subject = {}) noexcept {
        const detail::token t = next();
        if (!ok_) return false;
        if (!detail::is(t, text)) return fail(t, message, subject);
        return true;
    }

    // ---- files ----
    constexpr void parse_defsym(const defsym& d) noexcept {
        read_from(detail::lexer(d.value, 0xfff0));
        const detail::token first = peek();
        if (first.kind == detail::tok::end) {
            fail(first, "--defsym without a value", d.name);
            return;
        }
        const std::uint32_t e = expression(0);
        if (!ok_) return;
        if (const auto rest = peek(); rest.kind != detail::tok::end) {
            fail(rest, "unexpected text after the --defsym value", d.name);
            return;
        }
        add_assignment(first, d.name, "=", e, false);
    }

    // Parses file `index` as the contents of `where` (INCLUDE puts a file's
    // text in the place of the command).
    constexpr void parse_file(std::size_t index, context where, int depth) noexcept {
        if (depth > 8) {
            fail(detail::token{}, "INCLUDE nested too deeply (a file including itself?)", files_[index].name);
            return;
        }
        const detail::lexer saved = lx_; // (the lookahead, if any, is re-read from it)
        read_from(detail::lexer(files_[index].text, static_cast<std::uint16_t>(index)));
        block(where, depth, true);
        if (ok_) {
            const detail::token t = peek(detail::mode::script);
            if (t.kind != detail::tok::end) fail(t, "unexpected '}'");
        }
        read_from(saved);
    }

    // INCLUDE name: parse that file here.
    constexpr void include(const detail::token& keyword, context where, int depth) noexcept {
        const detail::token f = next(detail::mode::script);
        if (!ok_) return;
        if (f.kind != detail::tok::name && f.kind != detail::tok::string) {
            fail(keyword, "INCLUDE without a file name");
            return;
        }
        std::size_t found = files_.size();
        for (std::size_t i = 0; i < files_.size() && found == files_.size(); ++i)
            if (include_matches(files_[i].name, f.text)) found = i;
        if (found == files_.size()) {
            fail(f, "INCLUDE: file not found", f.text);
            missing_include_ = f.text;
            return;
        }
        parse_file(found, where, depth + 1);
        accept(";");
    }

    static constexpr bool include_matches(std::string_view supplied, std::string_view wanted) noexcept {
        if (supplied == wanted) return true;
        // A supplied path ending in "/wanted" (the tool resolved it).
        if (supplied.size() > wanted.size() && supplied.ends_with(wanted) &&
            supplied[supplied.size() - wanted.size() - 1] == '/')
            return true;
        // Or the same file name (a CMake list of files given by name).
        const auto base = [](std::string_view p) {
            const auto slash = p.rfind('/');
            return slash == std::string_view::npos ? p : p.substr(slash + 1);
        };
        return wanted.find('/') == std::string_view::npos && base(supplied) == wanted;
    }

    // Statements until '}' (left unread) or the end of the file.
    constexpr void block(context where, int depth, bool file_level) noexcept {
        while (ok_) {
            const detail::token t = peek(where == context::section_body ? detail::mode::wild : detail::mode::script);
            if (t.kind == detail::tok::end) {
                if (!file_level) fail(t, where == context::memory ? "unterminated MEMORY block" : "missing '}'");
                return;
            }
            if (detail::is(t, "}")) return;
            statement(where, depth);
        }
    }

    constexpr void statement(context where, int depth) noexcept {
        if (accept(";")) return;
        const detail::token t = peek();
        if (!ok_) return;
        if (detail::is(t, "INCLUDE")) {
            next();
            include(t, where, depth);
            return;
        }
        if (where == context::memory) {
            memory_region_entry();
            return;
        }
        // An assignment: `name op expr ;` (the name may be '.').
        if ((t.kind == detail::tok::name || t.kind == detail::tok::string) && detail::is_assign_op(peek2())) {
            assignment_statement(false, false);
            return;
        }
        if (t.kind == detail::tok::name) {
            const auto k = t.text;
            if ((k == "PROVIDE" || k == "PROVIDE_HIDDEN" || k == "HIDDEN") && detail::is(peek2(), "(")) {
                next();
                next();
                assignment_statement(k != "HIDDEN", true);
                if (ok_) expect(")", "expected ')' to close PROVIDE", k);
                accept(";");
                return;
            }
            if (k == "ASSERT" && detail::is(peek2(), "(")) {
                assert_statement();
                return;
            }
        }
        switch (where) {
        case context::top: return top_command(depth);
        case context::sections: return sections_entry(depth);
        case context::section_body: return input_description();
        case context::memory: return;
        }
    }

    constexpr void assignment_statement(bool provide, bool in_parens) noexcept {
        const detail::token name = next(detail::mode::expression);
        const detail::token op = next();
        if (!ok_) return;
        if (!detail::is_assign_op(op)) {
            fail(op, "expected '=' after the symbol", name.text);
            return;
        }
        if (const auto v = peek(); detail::is(v, ";") || detail::is(v, ")") || v.kind == detail::tok::end) {
            fail(op, "assignment without a value", name.text);
            return;
        }
        const std::uint32_t e = expression(0);
        if (!ok_) return;
        if (name.text != ".") add_assignment(name, name.text, op.text, e, provide);
        if (in_parens) return;
        // ld wants ';' after an assignment; at the end of a block it is often left out.
        const auto end = peek(detail::mode::script);
        if (detail::is(end, ";") || detail::is(end, ",")) {
            next();
        } else if (!detail::is(end, "}") && end.kind != detail::tok::end) {
            fail(end, "expected ';' after the assignment", name.text);
        }
    }

    constexpr void add_assignment(const detail::token& at, std::string_view name, std::string_view op,
                                  std::uint32_t e, bool provide) noexcept {
        if (assignment_count_ == MaxAssignments) {
            fail(at, "too many symbol assignments for the parser's capacity", name, errc::capacity);
            return;
        }
        assignments_[assignment_count_++] = assignment{name, op, e, provide};
    }

    // ASSERT(expr, "message"), at any level.
    constexpr void assert_statement() noexcept {
        const detail::token keyword = next();
        next(); // '('
        const std::uint32_t e = expression(0);
        if (!ok_ || !expect(",", "expected ',' in ASSERT(expression, \"message\")")) return;
        const detail::token m = next(detail::mode::script);
        if (!ok_) return;
        if (m.kind != detail::tok::string && m.kind != detail::tok::name) {
            fail(m, "expected the ASSERT message");
            return;
        }
        if (!expect(")", "expected ')' to close ASSERT")) return;
        accept(";");
        if (assert_count_ == asserts_.size()) {
            fail(keyword, "too many ASSERTs for the parser's capacity", {}, errc::capacity);
            return;
        }
        asserts_[assert_count_++] = assertion{e, m.text, assignment_count_};
    }

    // Skips a balanced open ... close group (its first token is `open`).
    constexpr void skip_balanced(std::string_view open, std::string_view close, detail::mode m,
                                 std::string_view unbalanced) noexcept {
        int level = 0;
        for (;;) {
            const detail::token t = next(m);
            if (!ok_) return;
            if (t.kind == detail::tok::end) {
                fail(t, unbalanced);
                return;
            }
            if (detail::is(t, open)) ++level;
            if (detail::is(t, close) && --level == 0) return;
        }
    }
    constexpr void skip_parens(detail::mode m) noexcept { skip_balanced("(", ")", m, "unbalanced parentheses"); }

    constexpr void top_command(int depth) noexcept {
        const detail::token t = next(detail::mode::script);
        if (!ok_) return;
        const auto k = t.text;
        if (t.kind == detail::tok::name && k == "MEMORY") {
            if (!expect("{", "expected '{' after MEMORY")) return;
            block(context::memory, depth, false);
            if (ok_) next(); // '}'
            return;
        }
        if (t.kind == detail::tok::name && k == "SECTIONS") {
            if (!expect("{", "expected '{' after SECTIONS")) return;
            block(context::sections, depth, false);
            if (ok_) next();
            return;
        }
        if (t.kind == detail::tok::name && (k == "PHDRS" || k == "VERSION")) {
            if (!detail::is(peek(), "{")) {
                fail(peek(), "expected '{'", k);
                return;
            }
            skip_balanced("{", "}", detail::mode::script, "missing '}'");
            return;
        }
        if (t.kind == detail::tok::name && k == "REGION_ALIAS") {
            if (!expect("(", "expected '(' after REGION_ALIAS")) return;
            const detail::token a = next(detail::mode::script);
            if (!ok_ || !expect(",", "expected ',' in REGION_ALIAS(alias, region)")) return;
            const detail::token b = next(detail::mode::script);
            if (!ok_ || !expect(")", "expected ')' to close REGION_ALIAS")) return;
            if (alias_count_ == aliases_.size()) {
                fail(t, "too many REGION_ALIASes", {}, errc::capacity);
                return;
            }
            aliases_[alias_count_++] = alias{a.text, b.text};
            accept(";");
            return;
        }
        if (t.kind == detail::tok::name && k == "INSERT") {
            const detail::token where = next(detail::mode::script);
            if (!ok_) return;
            if (!detail::is(where, "AFTER") && !detail::is(where, "BEFORE")) {
                fail(where, "expected AFTER or BEFORE after INSERT");
                return;
            }
            next(detail::mode::script);
            accept(";");
            return;
        }
        if (t.kind == detail::tok::name &&
            (k == "FORCE_COMMON_ALLOCATION" || k == "INHIBIT_COMMON_ALLOCATION" || k == "FORCE_GROUP_ALLOCATION" ||
             k == "CREATE_OBJECT_SYMBOLS" || k == "CONSTRUCTORS")) {
            accept(";");
            return;
        }
        // Commands with a parenthesised list of names: files, formats, symbols.
        if (t.kind == detail::tok::name &&
            (k == "ENTRY" || k == "OUTPUT_FORMAT" || k == "OUTPUT_ARCH" || k == "OUTPUT" || k == "TARGET" ||
             k == "SEARCH_DIR" || k == "STARTUP" || k == "INPUT" || k == "GROUP" || k == "EXTERN" ||
             k == "NOCROSSREFS" || k == "NOCROSSREFS_TO" || k == "AS_NEEDED" || k == "LD_FEATURE" ||
             k == "MEMORY_REGION_ALIAS")) {
            if (!detail::is(peek(detail::mode::script), "(")) {
                fail(peek(detail::mode::script), "expected '('", k);
                return;
            }
            skip_parens(detail::mode::script);
            accept(";");
            return;
        }
        fail(t, t.kind == detail::tok::end ? "unexpected end of file" : "unknown linker script command");
    }

    // NAME [(attrs)] : ORIGIN|org|o = expr [,] LENGTH|len|l = expr [,]
    constexpr void memory_region_entry() noexcept {
        const detail::token name = next(detail::mode::script);
        if (!ok_) return;
        if (name.kind != detail::tok::name || detail::is_digit(name.text[0])) {
            fail(name, "expected a MEMORY region name");
            return;
        }
        std::string_view attrs;
        if (detail::is(peek(detail::mode::script), "(")) {
            next(detail::mode::script);
            for (;;) {
                const detail::token a = next(detail::mode::script);
                if (!ok_) return;
                if (detail::is(a, ")")) break;
                if (a.kind == detail::tok::end) {
                    fail(a, "unterminated region attributes", name.text);
                    return;
                }
                // "(!rx)" and friends: keep the letters.
                if (a.kind == detail::tok::name) attrs = a.text;
            }
        }
        if (!expect(":", "expected ':' after the region name", name.text)) return;
        const std::uint32_t origin = memory_field({"ORIGIN", "org", "o"}, "expected ORIGIN (or org, o)", name.text);
        if (!ok_) return;
        accept(",");
        const std::uint32_t length = memory_field({"LENGTH", "len", "l"}, "expected LENGTH (or len, l)", name.text);
        if (!ok_) return;
        accept(",");
        if (region_count_ == MaxRegions) {
            fail(name, "too many MEMORY regions for the parser's capacity", {}, errc::capacity);
            return;
        }
        regions_[region_count_] = memory_region{name.text, attrs, 0, 0, file_names_[name.file], name.line};
        region_exprs_[region_count_++] = {origin, length};
    }

    constexpr std::uint32_t memory_field(std::initializer_list<std::string_view> keys, std::string_view message,
                                         std::string_view region_name) noexcept {
        const detail::token key = next();
        if (!ok_) return 0;
        bool match = false;
        for (auto k : keys) match = match || (key.kind == detail::tok::name && key.text == k);
        if (!match) {
            fail(key, message, region_name);
            return 0;
        }
        if (!expect("=", "expected '='", region_name)) return 0;
        if (const auto v = peek(); detail::is(v, ",") || detail::is(v, "}") || v.kind == detail::tok::end) {
            fail(v, "expected a value", region_name);
            return 0;
        }
        return expression(0);
    }

    // One entry of SECTIONS: an output section or an OVERLAY.
    constexpr void sections_entry(int depth) noexcept {
        const detail::token t = peek(detail::mode::script);
        if (detail::is(t, "ENTRY") || detail::is(t, "CREATE_OBJECT_SYMBOLS") || detail::is(t, "CONSTRUCTORS")) {
            top_command(depth);
            return;
        }
        if (detail::is(t, "OVERLAY")) {
            overlay(depth);
            return;
        }
        output_section_description(depth, false);
    }

    static constexpr bool section_type_word(const detail::token& t, section_type& type) noexcept {
        if (detail::is(t, "NOLOAD")) type = section_type::noload;
        else if (detail::is(t, "READONLY")) type = section_type::readonly;
        else if (detail::is(t, "COPY") || detail::is(t, "INFO") || detail::is(t, "OVERLAY") || detail::is(t, "DSECT"))
            type = section_type::copy;
        else return false;
        return true;
    }

    // name [address] [(type)] : [AT(lma)] [ALIGN(a)] [SUBALIGN(a)] [constraint]
    //   { contents } [> region] [AT> region] [:phdr...] [= fill] [,]
    constexpr void output_section_description(int depth, bool in_overlay) noexcept {
        const detail::token name = next(detail::mode::script);
        if (!ok_) return;
        if (name.kind != detail::tok::name && name.kind != detail::tok::string) {
            fail(name, name.kind == detail::tok::end ? "unexpected end of file" : "expected an output section");
            return;
        }
        output_section sec;
        sec.name = name.text;
        sec.file = file_names_[name.file];
        sec.line = name.line;
        if (name.text == "/DISCARD/") sec.type = section_type::discard;
        if (!in_overlay) {
            // The address, unless '(' opens the type.
            const detail::token p = peek();
            section_type type{};
            if (!detail::is(p, ":") && !(detail::is(p, "(") && section_type_word(peek2(detail::mode::script), type))) {
                sec.address_node = expression(0);
                sec.has_address = true;
                if (!ok_) return;
            }
            if (detail::is(peek(), "(")) {
                next();
                const detail::token w = next(detail::mode::script);
                if (!ok_) return;
                if (detail::is(w, "TYPE")) {
                    if (!expect("=", "expected '=' after TYPE")) return;
                    expression(0);
                } else if (!section_type_word(w, sec.type)) {
                    fail(w, "unknown output section type", sec.name);
                    return;
                }
                if (detail::is(peek(detail::mode::script), "(")) skip_parens(detail::mode::script); // READONLY (TYPE...)
                if (!expect(")", "expected ')' after the section type", sec.name)) return;
            }
            if (!expect(":", "expected ':' after the output section name", sec.name)) return;
        }
        // Options before the body.
        for (;;) {
            const detail::token o = peek(detail::mode::script);
            if (!ok_) return;
            if (detail::is(o, "AT") && detail::is(peek2(), "(")) {
                next();
                next();
                sec.lma_node = expression(0);
                sec.has_lma = true;
                if (!ok_ || !expect(")", "expected ')' to close AT(", sec.name)) return;
            } else if ((detail::is(o, "ALIGN") || detail::is(o, "SUBALIGN")) && detail::is(peek2(), "(")) {
                next();
                next();
                expression(0);
                if (!ok_ || !expect(")", "expected ')'", sec.name)) return;
            } else if (detail::is(o, "ALIGN_WITH_INPUT") || detail::is(o, "ONLY_IF_RO") || detail::is(o, "ONLY_IF_RW") ||
                       detail::is(o, "NOCROSSREFS")) {
                next(detail::mode::script);
            } else {
                break;
            }
        }
        if (!expect("{", "expected '{' to open the output section", sec.name)) return;
        if (section_count_ == MaxSections) {
            fail(name, "too many output sections for the parser's capacity", {}, errc::capacity);
            return;
        }
        const std::size_t index = section_count_++;
        sections_[index] = sec;
        current_section_ = index;
        block(context::section_body, depth, false);
        current_section_ = no_section;
        if (!ok_) return;
        next(); // '}'
        section_trailer(sections_[index], in_overlay);
        output_section& s = sections_[index];
        if (s.name == ".text") s.code = true;
        if (s.name == ".isr_vector" || s.name == ".vectors" || s.name == ".vector_table" || s.name == ".vector")
            s.vectors = true;
    }

    // [> region] [AT> region] [:phdr...] [= fill] [,]
    constexpr void section_trailer(output_section& s, bool in_overlay) noexcept {
        for (;;) {
            const detail::token t = peek(detail::mode::script);
            if (!ok_) return;
            if (!in_overlay && detail::is(t, ">")) {
                next();
                if (!region_name(s.region, "expected a region name after '>'", s.name)) return;
            } else if (!in_overlay && detail::is(t, "AT") && detail::is(peek2(), ">")) {
                next();
                next();
                if (!region_name(s.lma_region, "expected a region name after 'AT>'", s.name)) return;
            } else if (detail::is(t, ":")) {
                next();
                next(detail::mode::script); // program header name
            } else if (detail::is(t, "=")) {
                next();
                expression(0);
                if (!ok_) return;
            } else if (detail::is(t, ",")) {
                next();
                return;
            } else {
                return;
            }
        }
    }

    // A region name (after '>' or 'AT>') into `out`.
    constexpr bool region_name(std::string_view& out, std::string_view message, std::string_view section) noexcept {
        const detail::token r = next(detail::mode::script);
        if (!ok_) return false;
        if (r.kind != detail::tok::name && r.kind != detail::tok::string) return fail(r, message, section);
        out = r.text;
        return true;
    }

    // OVERLAY [start] : [NOCROSSREFS] [AT(ldaddr)] { name { ... } ... } [> region] [AT> region] [:phdr] [=fill]
    constexpr void overlay(int depth) noexcept {
        const detail::token keyword = next(detail::mode::script);
        std::uint32_t address = 0;
        if (!detail::is(peek(), ":")) address = expression(0);
        if (!ok_ || !expect(":", "expected ':' after OVERLAY")) return;
        std::uint32_t lma = 0;
        for (;;) {
            const detail::token o = peek(detail::mode::script);
            if (detail::is(o, "NOCROSSREFS")) {
                next(detail::mode::script);
            } else if (detail::is(o, "AT") && detail::is(peek2(), "(")) {
                next();
                next();
                lma = expression(0);
                if (!ok_ || !expect(")", "expected ')' to close AT(")) return;
            } else {
                break;
            }
        }
        if (!expect("{", "expected '{' after OVERLAY")) return;
        const std::size_t first = section_count_;
        while (ok_ && !detail::is(peek(detail::mode::script), "}")) {
            if (peek(detail::mode::script).kind == detail::tok::end) {
                fail(keyword, "unterminated OVERLAY");
                return;
            }
            output_section_description(depth, true);
        }
        if (!ok_) return;
        next();
        output_section trailer{};
        section_trailer(trailer, false);
        for (std::size_t i = first; i < section_count_; ++i) {
            sections_[i].region = trailer.region;
            sections_[i].lma_region = trailer.lma_region;
            sections_[i].address_node = address;
            sections_[i].has_address = address != 0;
            sections_[i].lma_node = lma;
            sections_[i].has_lma = lma != 0;
        }
    }

    // Inside an output section: data (BYTE(..)...), FILL, KEEP/SORT and
    // input section descriptions (`*(.text*)`, `*lib/x/*(.rodata*)`,
    // `*(EXCLUDE_FILE(*crtend.o) .dtors)`).
    constexpr void input_description() noexcept {
        const detail::token t = peek();
        if (t.kind == detail::tok::name &&
            (t.text == "BYTE" || t.text == "SHORT" || t.text == "LONG" || t.text == "QUAD" || t.text == "SQUAD" ||
             t.text == "FILL") &&
            detail::is(peek2(), "(")) {
            next();
            next();
            expression(0);
            if (!ok_ || !expect(")", "expected ')'", t.text)) return;
            if (t.text != "FILL") mark_input("");
            accept(";");
            return;
        }
        if (detail::is(t, "CONSTRUCTORS") || detail::is(t, "CREATE_OBJECT_SYMBOLS") || detail::is(t, "SORT_NONE")) {
            next();
            accept(";");
            return;
        }
        const detail::token w = next(detail::mode::wild);
        if (!ok_) return;
        if (w.kind != detail::tok::name && w.kind != detail::tok::string) {
            fail(w, "expected an input section description");
            return;
        }
        mark_input(w.text);
        if (detail::is(peek(detail::mode::wild), "(")) wild_list();
        accept(";");
        accept(",");
    }

    // A parenthesised list of patterns (nested for KEEP, SORT, EXCLUDE_FILE).
    constexpr void wild_list() noexcept {
        next(detail::mode::wild); // '('
        int level = 1;
        while (ok_ && level > 0) {
            const detail::token t = next(detail::mode::wild);
            if (!ok_) return;
            if (t.kind == detail::tok::end) {
                fail(t, "unbalanced parentheses in an input section description");
                return;
            }
            if (detail::is(t, "(")) ++level;
            else if (detail::is(t, ")")) --level;
            else if (t.kind == detail::tok::name || t.kind == detail::tok::string) mark_input(t.text);
        }
    }

    // What an input section pattern says about the output section.
    constexpr void mark_input(std::string_view pattern) noexcept {
        if (current_section_ == no_section) return;
        output_section& s = sections_[current_section_];
        const bool keyword = pattern == "KEEP" || pattern.starts_with("SORT") || pattern == "EXCLUDE_FILE" ||
                             pattern == "INPUT_SECTION_FLAGS" || pattern == "REVERSE";
        if (!keyword) s.has_input = true;
        if (pattern.starts_with(".isr_vector") || pattern.starts_with(".vectors") ||
            pattern.starts_with(".vector_table"))
            s.vectors = true;
        if (pattern.starts_with(".text")) s.code = true;
    }

    // ---- expressions: parsed into nodes, evaluated later ----
    constexpr std::uint32_t make(detail::node n, const detail::token& at) noexcept {
        if (node_count_ == MaxNodes) {
            fail(at, "script too long for the parser's expression capacity");
            return 0;
        }
        n.line = at.line;
        n.column = at.column;
        n.file = at.file;
        nodes_[node_count_] = n;
        return static_cast<std::uint32_t>(node_count_++);
    }

    // expr := binary ['?' expr ':' expr]
    constexpr std::uint32_t expression(int depth) noexcept {
        const detail::token at = peek();
        if (depth > 64) {
            fail(at, "expression nested too deeply");
            return 0;
        }
        const std::uint32_t cond = binary(0, depth);
        if (!ok_ || !detail::is(peek(), "?")) return cond;
        next();
        const std::uint32_t yes = expression(depth + 1);
        if (!ok_ || !expect(":", "expected ':' in '?:'")) return 0;
        const std::uint32_t no = expression(depth + 1);
        if (!ok_) return 0;
        detail::node n;
        n.kind = detail::node_kind::ternary;
        n.a = cond;
        n.b = yes;
        n.c = no;
        return make(n, at);
    }

    constexpr std::uint32_t binary(int min_prec, int depth) noexcept {
        std::uint32_t lhs = unary(depth);
        while (ok_) {
            const detail::token op = peek();
            const int p = detail::precedence(op);
            if (p < 0 || p < min_prec) return lhs;
            next();
            const std::uint32_t rhs = binary(p + 1, depth + 1);
            if (!ok_) return 0;
            detail::node n;
            n.kind = detail::node_kind::binary;
            n.text = op.text;
            n.a = lhs;
            n.b = rhs;
            lhs = make(n, op);
        }
        return 0;
    }

    constexpr std::uint32_t unary(int depth) noexcept {
        const detail::token t = peek();
        if (depth > 64) {
            fail(t, "expression nested too deeply");
            return 0;
        }
        if (detail::is(t, "-") || detail::is(t, "~") || detail::is(t, "!") || detail::is(t, "+")) {
            next();
            const std::uint32_t v = unary(depth + 1);
            if (!ok_) return 0;
            detail::node n;
            n.kind = detail::node_kind::unary;
            n.text = t.text;
            n.a = v;
            return make(n, t);
        }
        return primary(depth);
    }

    constexpr std::uint32_t primary(int depth) noexcept {
        const detail::token t = next();
        if (!ok_) return 0;
        detail::node n;
        if (t.kind == detail::tok::number) {
            n.kind = detail::node_kind::number;
            n.value = t.number;
            return make(n, t);
        }
        if (detail::is(t, "(")) {
            const std::uint32_t v = expression(depth + 1);
            if (!ok_ || !expect(")", "expected ')'")) return 0;
            return v;
        }
        if (t.kind == detail::tok::string) { // a quoted symbol name
            n.kind = detail::node_kind::symbol;
            n.text = t.text;
            return make(n, t);
        }
        if (t.kind != detail::tok::name) {
            fail(t, t.kind == detail::tok::end ? "expected an expression, found the end of the file"
                                               : "expected an expression");
            return 0;
        }
        if (t.text == ".") {
            n.kind = detail::node_kind::dot;
            return make(n, t);
        }
        if (t.text == "SIZEOF_HEADERS" || t.text == "sizeof_headers") {
            n.kind = detail::node_kind::call;
            n.text = "SIZEOF_HEADERS";
            return make(n, t);
        }
        if (!detail::is(peek(), "(")) {
            n.kind = detail::node_kind::symbol;
            n.text = t.text;
            return make(n, t);
        }
        n.kind = detail::node_kind::call;
        n.text = t.text;
        next(); // '('
        if (detail::takes_name(t.text)) {
            const detail::token a = next(detail::mode::script);
            if (!ok_) return 0;
            if (a.kind != detail::tok::name && a.kind != detail::tok::string) {
                fail(a, "expected a name", t.text);
                return 0;
            }
            n.arg = a.text;
            if (t.text == "SEGMENT_START") { // SEGMENT_START("segment", default)
                if (!expect(",", "expected ',' in SEGMENT_START")) return 0;
                n.a = expression(depth + 1);
                if (!ok_) return 0;
            }
            if (!expect(")", "expected ')'", t.text)) return 0;
            return make(n, t);
        }
        int lo = 0, hi = 0;
        if (!detail::expression_function(t.text, lo, hi)) {
            fail(t, "unknown function in expression");
            return 0;
        }
        int count = 0;
        std::uint32_t args[2]{};
        while (ok_) {
            if (count == hi) {
                fail(t, "too many arguments");
                return 0;
            }
            if (t.text == "ASSERT" && count == 1) { // ASSERT(expr, "message") as an expression
                next(detail::mode::script);
                args[count++] = 0;
            } else {
                args[count++] = expression(depth + 1);
            }
            if (!ok_) return 0;
            if (!accept(",")) break;
        }
        if (!ok_ || !expect(")", "expected ')'", t.text)) return 0;
        if (count < lo) {
            fail(t, "too few arguments");
            return 0;
        }
        n.a = args[0];
        n.b = count == 2 ? args[1] : 0;
        n.value = static_cast<std::uint64_t>(count);
        return make(n, t);
    }

    // ---- evaluation ----
    constexpr eval bad(const detail::node& at, std::string_view message, std::string_view subject = {}) const noexcept {
        return error_at(at.file, at.line, at.column, message, subject, errc::expression);
    }
    static constexpr eval value(std::uint64_t v) noexcept { return num{v, true}; }
    static constexpr eval unknown() noexcept { return num{0, false}; }

    constexpr eval apply(std::string_view op, num a, num b, const detail::node& at) const noexcept {
        if (!a.known || !b.known) return unknown();
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
            if (b.v == 0) return bad(at, op == "/" ? "division by zero" : "modulo by zero");
            r = op == "/" ? a.v / b.v : a.v % b.v;
        }
        return value(r);
    }

    // Node `i`, seeing the assignments before number `before`.
    constexpr eval evaluate(std::uint32_t i, std::size_t before, int depth) const noexcept {
        const detail::node& n = nodes_[i];
        if (depth > 200) return bad(n, "expression or symbol definitions nested too deeply (a cycle?)");
        switch (n.kind) {
        case detail::node_kind::number: return value(n.value);
        case detail::node_kind::dot: return unknown();
        case detail::node_kind::symbol: return lookup(n.text, before, depth + 1, n);
        case detail::node_kind::unary: {
            const eval v = evaluate(n.a, before, depth + 1);
            if (!v || !v->known) return v;
            std::uint64_t x = v->v;
            if (n.text == "-") x = ~x + 1;
            if (n.text == "~") x = ~x;
            if (n.text == "!") x = x == 0;
            return value(x);
        }
        case detail::node_kind::binary: {
            const eval a = evaluate(n.a, before, depth + 1);
            if (!a) return a;
            // && and || decide on their left operand when they can.
            if (a->known && ((n.text == "&&" && a->v == 0) || (n.text == "||" && a->v != 0)))
                return value(n.text == "||" ? 1 : 0);
            const eval b = evaluate(n.b, before, depth + 1);
            if (!b) return b;
            return apply(n.text, *a, *b, n);
        }
        case detail::node_kind::ternary: {
            const eval c = evaluate(n.a, before, depth + 1);
            if (!c || !c->known) return c;
            return evaluate(c->v ? n.b : n.c, before, depth + 1);
        }
        case detail::node_kind::call: return call(n, before, depth);
        }
        return unknown();
    }

    constexpr eval call(const detail::node& n, std::size_t before, int depth) const noexcept {
        const auto f = n.text;
        if (f == "DEFINED") {
            for (std::size_t k = 0; k < before && k < assignment_count_; ++k)
                if (assignments_[k].name == n.arg) return value(1);
            return value(0);
        }
        if (f == "ORIGIN" || f == "LENGTH") {
            const memory_region* r = region(n.arg);
            if (r == nullptr) return bad(n, "unknown MEMORY region", n.arg);
            const std::size_t index = static_cast<std::size_t>(r - regions_.data());
            const eval v = evaluate(f == "ORIGIN" ? region_exprs_[index].origin : region_exprs_[index].length,
                                    assignment_count_, depth + 1);
            if (v.has_value() && !v->known)
                return bad(n, f == "ORIGIN" ? "MEMORY ORIGIN depends on section placement"
                                            : "MEMORY LENGTH depends on section placement",
                           n.arg);
            return v;
        }
        if (f == "ADDR" || f == "LOADADDR") {
            const output_section* s = section(n.arg);
            if (s == nullptr) return bad(n, "unknown output section", n.arg);
            std::uint32_t e = s->address_node;
            if (f == "LOADADDR" && s->has_lma) e = s->lma_node;
            else if (f == "LOADADDR" && !s->lma_region.empty()) return unknown();
            if (e == 0) return unknown();
            return evaluate(e, before, depth + 1);
        }
        if (f == "SIZEOF" || f == "ALIGNOF") {
            if (section(n.arg) == nullptr) return bad(n, "unknown output section", n.arg);
            return unknown();
        }
        if (f == "CONSTANT") {
            if (n.arg == "MAXPAGESIZE" || n.arg == "COMMONPAGESIZE") return unknown();
            return bad(n, "unknown CONSTANT", n.arg);
        }
        if (f == "SEGMENT_START") return evaluate(n.a, before, depth + 1);
        if (f == "SIZEOF_HEADERS" || f == "NEXT" || f == "DATA_SEGMENT_ALIGN" || f == "DATA_SEGMENT_END" ||
            f == "DATA_SEGMENT_RELRO_END")
            return unknown();
        const eval a = evaluate(n.a, before, depth + 1);
        if (!a) return a;
        if (f == "ABSOLUTE" || f == "ASSERT") return a;
        if (f == "LOG2CEIL") {
            if (!a->known) return a;
            std::uint64_t r = 0;
            while (r < 64 && (std::uint64_t{1} << r) < a->v) ++r;
            return value(r);
        }
        if ((f == "ALIGN" || f == "BLOCK") && n.value == 1) return unknown(); // aligns '.'
        const eval b = evaluate(n.b, before, depth + 1);
        if (!b) return b;
        if (!a->known || !b->known) return unknown();
        if (f == "ALIGN") {
            if (b->v == 0 || (b->v & (b->v - 1)) != 0) return bad(n, "ALIGN to a value that is not a power of 2");
            return value((a->v + b->v - 1) & ~(b->v - 1));
        }
        const bool max = f == "MAX";
        return value((a->v > b->v) == max ? a->v : b->v);
    }

    // The value symbol `name` has before assignment number `before`.
    constexpr eval lookup(std::string_view name, std::size_t before, int depth, const detail::node& at) const noexcept {
        if (depth > 200) return bad(at, "symbol definitions form a cycle", name);
        // Latest definition before this point; else the first one after it
        // (a forward reference); PROVIDE only when nothing else defines it.
        std::size_t found = assignment_count_;
        for (std::size_t i = before < assignment_count_ ? before : assignment_count_; i-- > 0;)
            if (assignments_[i].name == name && !assignments_[i].provide) {
                found = i;
                break;
            }
        for (std::size_t i = before; found == assignment_count_ && i < assignment_count_; ++i)
            if (assignments_[i].name == name && !assignments_[i].provide) found = i;
        for (std::size_t i = 0; found == assignment_count_ && i < assignment_count_; ++i)
            if (assignments_[i].name == name) found = i;
        if (found == assignment_count_) return bad(at, "undefined symbol", name);
        const assignment& a = assignments_[found];
        const eval v = evaluate(a.expr, found, depth + 1);
        if (!v || a.op == "=") return v;
        // Compound: the previous value of the symbol, then the operator.
        const eval old = lookup(name, found, depth + 1, nodes_[a.expr]);
        if (!old) return old;
        return apply(a.op.substr(0, a.op.size() - 1), *old, *v, nodes_[a.expr]);
    }

    constexpr void evaluate_region(std::size_t i) noexcept {
        for (int field = 0; field < 2 && ok_; ++field) {
            const std::uint32_t e = field == 0 ? region_exprs_[i].origin : region_exprs_[i].length;
            const eval v = evaluate(e, assignment_count_, 0);
            if (!v) {
                ok_ = false;
                error_ = v.error();
                return;
            }
            if (!v->known) {
                const auto& n = nodes_[e];
                ok_ = false;
                error_ = error_at(n.file, n.line, n.column,
                                  field == 0 ? "MEMORY ORIGIN depends on section placement"
                                             : "MEMORY LENGTH depends on section placement",
                                  regions_[i].name, errc::not_constant);
                return;
            }
            (field == 0 ? regions_[i].origin : regions_[i].length) = v->v;
        }
    }

    // An ASSERT whose condition is a constant must hold, as the link fails otherwise.
    constexpr void check_assert(std::size_t i) noexcept {
        const eval v = evaluate(asserts_[i].expr, asserts_[i].before, 0);
        if (!v) {
            // Undefined symbols in an ASSERT are the link's business (e.g. _ebss).
            return;
        }
        if (v->known && v->v == 0) {
            const auto& n = nodes_[asserts_[i].expr];
            ok_ = false;
            error_ = error_at(n.file, n.line, n.column, "ASSERT fails", asserts_[i].message, errc::assertion);
        }
    }

    static constexpr std::size_t no_section = ~std::size_t{0};

    std::span<const source> files_{};
    std::array<std::string_view, 32> file_names_{};
    std::size_t file_count_ = 0;
    detail::lexer lx_{};
    detail::lexer ahead_lexer_{};
    detail::token ahead_{};
    detail::mode ahead_mode_ = detail::mode::expression;
    bool ahead_valid_ = false;
    std::array<detail::node, MaxNodes> nodes_{};
    std::size_t node_count_ = 1; // node 0 means "none"
    std::array<memory_region, MaxRegions> regions_{};
    std::array<region_expr, MaxRegions> region_exprs_{};
    std::size_t region_count_ = 0;
    std::array<output_section, MaxSections> sections_{};
    std::size_t section_count_ = 0;
    std::size_t current_section_ = no_section;
    std::array<assignment, MaxAssignments> assignments_{};
    std::size_t assignment_count_ = 0;
    std::array<assertion, 32> asserts_{};
    std::size_t assert_count_ = 0;
    std::array<alias, 16> aliases_{};
    std::size_t alias_count_ = 0;
    std::string_view missing_include_{};
    bool ok_ = true;
    ld::error error_{};
};

} // namespace romfs::layout::ld
