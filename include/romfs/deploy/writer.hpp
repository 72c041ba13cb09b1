/// @file
/// `partition_writer`: MicroPython's `vfs.rom_ioctl` operations over a
/// flash driver, checked and with errors as values. Partition count and
/// ids, prepare (erase exactly the sectors a range needs), write (any
/// length; the last program unit padded with the erased value), complete,
/// and the minimum prepare size.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <type_traits>

#include "../flash/geometry.hpp"
#include "driver.hpp"
#include "error.hpp"

namespace romfs::deploy {

/// A ROM partition: first address and size in bytes.
struct partition {
    address_t start = 0; ///< First address (the policy's address space).
    address_t size = 0;  ///< Bytes.
    /// Equal when start and size are equal.
    friend constexpr bool operator==(const partition&, const partition&) = default;
};

/// What `rom_ioctl(2, id)` gives: where the partition is and, when the CPU
/// can read it in place, the bytes.
struct partition_info {
    address_t start = 0;               ///< First address.
    address_t size = 0;                ///< Bytes.
    std::span<const std::byte> mapped; ///< The bytes in place; empty when not memory-mapped.
};

/// The `vfs.rom_ioctl` commands.
enum class rom_ioctl_cmd : int {
    count = 1,             ///< Number of partitions.
    get = 2,               ///< Partition `id`.
    prepare = 3,           ///< Erase for writing; returns the minimum write size.
    write = 4,             ///< Write bytes at an offset.
    complete = 5,          ///< Writing done.
    min_prepare_size = 6,  ///< Smallest unit prepare works in.
};

/// The write side of up to `N` ROM partitions on one flash driver.
template <flash_driver Driver, std::size_t N = 1>
class partition_writer {
public:
    /// The flash policy.
    using traits = typename Driver::traits;
    /// Bytes in one program unit.
    static constexpr address_t unit = traits::program_unit;
    static_assert(unit > 0 && unit <= 4096, "a program unit is 1 to 4096 bytes");

    /// A writer for `partitions` on `driver` (which must outlive it).
    constexpr partition_writer(Driver& driver, const std::array<partition, N>& partitions) noexcept
        : driver_(driver), parts_(partitions) {}

    /// The driver.
    constexpr Driver& driver() const noexcept { return driver_; }

    /// rom_ioctl(1): number of partitions.
    constexpr std::size_t count() const noexcept { return N; }

    /// rom_ioctl(2, id): where partition `id` is, with its bytes when mapped.
    constexpr flash_result<partition_info> id(std::size_t id) const noexcept {
        if (id >= N) return flash_error{flash_errc::no_partition, 0};
        const partition& p = parts_[id];
        partition_info info{p.start, p.size, {}};
        if constexpr (mappable_driver<Driver>) {
            if (const std::byte* b = driver_.mapped(p.start)) info.mapped = {b, p.size};
        } else if constexpr (memory_mapped<traits> && traits::mapping == romfs::mapping::fixed) {
            // Fixed XIP window: the address is where the CPU reads it (not
            // in a constant expression, where addresses are not pointers).
            if (!std::is_constant_evaluated())
                info.mapped = {reinterpret_cast<const std::byte*>(static_cast<std::uintptr_t>(p.start)), p.size};
        }
        return info;
    }

    /// The partition `id`, or nullptr.
    constexpr const partition* find(std::size_t id) const noexcept { return id < N ? &parts_[id] : nullptr; }

    /// rom_ioctl(6, id): the smallest unit prepare works in, which is the
    /// largest erase sector the partition holds (STM32F4: 128K when the
    /// partition reaches the 128K sectors); the program unit on memory that
    /// needs no erase.
    constexpr flash_result<address_t> min_prepare_size(std::size_t id) const noexcept {
        if (id >= N) return flash_error{flash_errc::no_partition, 0};
        if (!traits::needs_erase) return unit;
        return largest_sector<traits>(parts_[id].start, parts_[id].size);
    }

    /// rom_ioctl(3, id, offset, length): erases exactly the sectors that
    /// [offset, offset + length) touches, and returns the minimum write
    /// size (the program unit). Every such sector must lie inside the
    /// partition. Nothing is erased when the range is refused.
    constexpr flash_result<address_t> prepare(std::size_t id, address_t offset, address_t length) noexcept {
        const partition* p = find(id);
        if (!p) return flash_error{flash_errc::no_partition, 0};
        if (offset > p->size || length > p->size - offset) return flash_error{flash_errc::out_of_range, offset};
        if (!traits::needs_erase || length == 0) return unit;
        const std::uint64_t end = std::uint64_t{p->start} + p->size;
        bool inside = true;
        for_each_sector<traits>(p->start + offset, length, [&](const sector& s) {
            inside = inside && s.start >= p->start && std::uint64_t{s.start} + s.size <= end;
        });
        if (!inside) return flash_error{flash_errc::not_aligned, offset};
        driver_errc failed = driver_errc::ok;
        address_t at = offset;
        for_each_sector<traits>(p->start + offset, length, [&](const sector& s) {
            if (failed != driver_errc::ok) return;
            failed = driver_.erase(s);
            at = s.start - p->start;
        });
        if (failed != driver_errc::ok) return flash_error{from_driver(failed), at};
        return unit;
    }
    /// rom_ioctl(3, id, length): prepare from the start of the partition.
    constexpr flash_result<address_t> prepare(std::size_t id, address_t length) noexcept {
        return prepare(id, 0, length);
    }

    /// rom_ioctl(4, id, offset, bytes): programs `bytes` at `offset`, which
    /// must be a multiple of the program unit. Any length: whole units go
    /// straight from `bytes`, and a partial last unit is padded with the
    /// erased value in a buffer here, so nothing past `bytes` is read.
    constexpr flash_result<void> write(std::size_t id, address_t offset, std::span<const std::byte> bytes) noexcept {
        const partition* p = find(id);
        if (!p) return flash_error{flash_errc::no_partition, 0};
        if (offset > p->size || bytes.size() > p->size - offset) return flash_error{flash_errc::out_of_range, offset};
        if (offset % unit != 0) return flash_error{flash_errc::not_aligned, offset};
        const std::size_t whole = bytes.size() - bytes.size() % unit;
        // Padding the tail must stay inside the partition too.
        if (whole != bytes.size() && std::uint64_t{offset} + whole + unit > p->size)
            return flash_error{flash_errc::out_of_range, static_cast<address_t>(offset + whole)};
        // Programs never cross an erase sector (drivers may rely on it).
        for (std::size_t done = 0; done < whole;) {
            const address_t at = p->start + offset + static_cast<address_t>(done);
            const sector s = traits::sectors.at(at);
            std::size_t n = whole - done;
            if (traits::needs_erase && s.size > 0 && std::uint64_t{s.start} + s.size - at < n)
                n = static_cast<std::size_t>(std::uint64_t{s.start} + s.size - at);
            if (const driver_errc e = driver_.program(at, bytes.subspan(done, n)); e != driver_errc::ok)
                return flash_error{from_driver(e), at - p->start};
            done += n;
        }
        if (whole != bytes.size()) {
            std::array<std::byte, unit> last{};
            for (auto& b : last) b = std::byte{traits::erased_value};
            for (std::size_t i = whole; i < bytes.size(); ++i) last[i - whole] = bytes[i];
            const address_t at = p->start + offset + static_cast<address_t>(whole);
            if (const driver_errc e = driver_.program(at, last); e != driver_errc::ok)
                return flash_error{from_driver(e), at - p->start};
        }
        return {};
    }

    /// Reads partition bytes (for read-back) through the driver.
    constexpr flash_result<void> read(std::size_t id, address_t offset, std::span<std::byte> out) const noexcept {
        const partition* p = find(id);
        if (!p) return flash_error{flash_errc::no_partition, 0};
        if (offset > p->size || out.size() > p->size - offset) return flash_error{flash_errc::out_of_range, offset};
        if (const driver_errc e = driver_.read(p->start + offset, out); e != driver_errc::ok)
            return flash_error{from_driver(e), offset};
        return {};
    }

    /// rom_ioctl(5, id): writing is complete (the driver flushes caches,
    /// re-enables XIP... when it has a `complete()`).
    constexpr flash_result<void> complete(std::size_t id) noexcept {
        if (id >= N) return flash_error{flash_errc::no_partition, 0};
        if constexpr (requires { { driver_.complete() } -> std::same_as<driver_errc>; }) {
            if (const driver_errc e = driver_.complete(); e != driver_errc::ok) return flash_error{from_driver(e), 0};
        }
        return {};
    }

private:
    Driver& driver_;
    std::array<partition, N> parts_;
};

} // namespace romfs::deploy
