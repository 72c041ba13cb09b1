/// @file
/// The builder's input: a tree of directories and files, each file's
/// contents either in memory or in a host file read while the image is
/// written.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace romfs::builder {

/// A directory or file to put in an image.
struct node {
    std::string name;               ///< Raw name bytes: non-empty, no '/' or NUL.
    bool directory = false;         ///< Directory (true) or file (false).
    std::vector<node> children;     ///< A directory's entries, in image order.
    std::filesystem::path source;   ///< A file's contents are read from here when set...
    std::string contents;           ///< ...or are these bytes.
    std::uint64_t size = 0;         ///< A file's length in bytes.
    std::string display;            ///< Shown instead of the name in build listings, when set.
};

/// A file with the given contents, held in memory.
inline node memory_file(std::string name, std::string contents) {
    node n;
    n.name = std::move(name);
    n.size = contents.size();
    n.contents = std::move(contents);
    return n;
}

/// A file whose `size` bytes are read from `source` when the image is written.
inline node host_file(std::string name, std::filesystem::path source, std::uint64_t size) {
    node n;
    n.name = std::move(name);
    n.source = std::move(source);
    n.size = size;
    return n;
}

/// A directory with the given entries.
inline node directory(std::string name, std::vector<node> children = {}) {
    node n;
    n.name = std::move(name);
    n.directory = true;
    n.children = std::move(children);
    return n;
}

/// Sorts every directory's entries by name bytes, recursively: the order
/// `mpremote romfs build` writes.
inline void sort_tree(node& n) {
    if (!n.directory) return;
    std::vector<node*> stack{&n};
    while (!stack.empty()) {
        node* d = stack.back();
        stack.pop_back();
        // std::string compares as unsigned char: byte order.
        std::sort(d->children.begin(), d->children.end(),
                  [](const node& a, const node& b) { return a.name < b.name; });
        for (auto& c : d->children)
            if (c.directory) stack.push_back(&c);
    }
}

/// Whether `name` can be stored: non-empty, no '/', no NUL, not "." or "..".
inline bool valid_name(std::string_view name) {
    return !name.empty() && name != "." && name != ".." && name.find('/') == std::string_view::npos &&
           name.find('\0') == std::string_view::npos;
}

} // namespace romfs::builder
