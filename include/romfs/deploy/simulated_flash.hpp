/// @file
/// A host model of NOR flash (or MRAM) for tests, benchmarks and the
/// `romfs deploy --flash-dump` tool: a `flash_driver` with the rules of the
/// policy `Traits`, operation counters, and power-cut injection.
///
/// Rules: erase sets a whole sector (from `Traits::sectors`) to the
/// erased value; program can only clear bits on memory that needs erase
/// (programming a 1 over a 0 leaves the 0 and is counted as a violation,
/// unless the whole byte is the erased value: "leave alone")
/// and overwrites on memory that does not; addresses and lengths of a
/// program are multiples of the program unit; everything stays inside the
/// device. Host-only (it allocates); the device side never includes it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <span>
#include <vector>

#include "../flash/geometry.hpp"
#include "error.hpp"

namespace romfs::deploy {

/// What the operation in flight does when the power goes.
enum class cut_effect : std::uint8_t {
    none,    ///< It never started: the flash is as before it.
    partial, ///< Half done: a program set only some of its bytes; an erase left garbage (bits partly set).
    /// An erase that reached only the sector's second half: its first half,
    /// where a header lives, keeps its old bytes exactly (programs: as
    /// `partial`). Without the header invalidation this brings an old
    /// header back over a half-erased body.
    erase_second_half,
};

/// Simulated flash of the policy `Traits`, `size` bytes from address `base`.
template <flash_geometry Traits>
class simulated_flash {
public:
    /// The policy (a `flash_driver` needs it).
    using traits = Traits;

    /// Fresh (erased) flash.
    simulated_flash(address_t base, std::size_t size)
        : base_(base), bytes_(size, std::byte{Traits::erased_value}) {}

    /// Flash holding `contents` (a dump), from `base`.
    simulated_flash(address_t base, std::vector<std::byte> contents) : base_(base), bytes_(std::move(contents)) {}

    /// The first address.
    address_t base() const noexcept { return base_; }
    /// Every byte, as the CPU would read it.
    std::span<const std::byte> bytes() const noexcept { return bytes_; }
    /// Every byte (to corrupt it in tests, or to take it as a dump).
    std::vector<std::byte>& storage() noexcept { return bytes_; }

    /// Reads `out.size()` bytes at `address`.
    driver_errc read(address_t address, std::span<std::byte> out) {
        if (dead_) return driver_errc::other;
        if (!inside(address, out.size())) return driver_errc::out_of_bounds;
        for (std::size_t i = 0; i < out.size(); ++i) out[i] = bytes_[address - base_ + i];
        return driver_errc::ok;
    }

    /// Programs `in` at `address`.
    driver_errc program(address_t address, std::span<const std::byte> in) {
        if (!inside(address, in.size())) return driver_errc::out_of_bounds;
        if (address % Traits::program_unit != 0 || in.size() % Traits::program_unit != 0)
            return driver_errc::not_aligned;
        if (!start_operation()) {
            if (cut_now_) apply_program(address, in, true);
            return driver_errc::other;
        }
        apply_program(address, in, false);
        ++programs_;
        programmed_ += in.size();
        return driver_errc::ok;
    }

    /// Erases the sector `s`, which must be one of the policy's sectors.
    driver_errc erase(sector s) {
        if (!Traits::needs_erase) return driver_errc::not_aligned;
        if (Traits::sectors.at(s.start) != s) return driver_errc::not_aligned;
        if (!inside(s.start, s.size)) return driver_errc::out_of_bounds;
        if (!start_operation()) {
            if (cut_now_ && effect_ == cut_effect::erase_second_half) {
                for (address_t i = s.size / 2; i < s.size; ++i) bytes_[s.start - base_ + i] = std::byte{Traits::erased_value};
            } else if (cut_now_) {
                // Erase sets bits: an interrupted one leaves old | noise.
                for (address_t i = 0; i < s.size; ++i) {
                    auto& b = bytes_[s.start - base_ + i];
                    b |= std::byte{static_cast<std::uint8_t>(next_random())};
                }
            }
            return driver_errc::other;
        }
        for (address_t i = 0; i < s.size; ++i) bytes_[s.start - base_ + i] = std::byte{Traits::erased_value};
        ++erases_;
        ++erase_counts_[s.start];
        return driver_errc::ok;
    }

    /// Where the CPU reads `address` (the model is memory-mapped).
    const std::byte* mapped(address_t address) const noexcept {
        return inside(address, 0) ? bytes_.data() + (address - base_) : nullptr;
    }

    /// Cuts the power when operation number `operation` (0-based, counting
    /// programs and erases from now) starts; `effect` says what it leaves.
    void cut_power_at(std::size_t operation, cut_effect effect = cut_effect::none, std::uint32_t seed = 1) {
        cut_at_ = operations_ + operation;
        effect_ = effect;
        random_ = seed ? seed : 1;
    }
    /// Power back on: operations work again (the flash keeps what it has).
    void restore_power() noexcept {
        dead_ = false;
        cut_now_ = false;
        cut_at_ = std::numeric_limits<std::size_t>::max();
    }
    /// Whether the power has been cut.
    bool power_cut() const noexcept { return dead_; }

    /// Programs and erases started so far (completed or cut).
    std::size_t operations() const noexcept { return operations_; }
    /// Completed erases.
    std::size_t erases() const noexcept { return erases_; }
    /// Completed program calls.
    std::size_t programs() const noexcept { return programs_; }
    /// Bytes programmed by completed calls.
    std::uint64_t bytes_programmed() const noexcept { return programmed_; }
    /// Bytes a program tried to turn from 0 to 1 (impossible on NOR; 0 for a correct writer).
    std::uint64_t violations() const noexcept { return violations_; }
    /// How often the sector starting at `address` was erased.
    std::uint32_t erase_count(address_t address) const {
        const auto it = erase_counts_.find(address);
        return it == erase_counts_.end() ? 0 : it->second;
    }
    /// Erase counts by sector start.
    const std::map<address_t, std::uint32_t>& erase_counts() const noexcept { return erase_counts_; }
    /// Zeroes the counters (not the contents).
    void reset_counters() noexcept {
        operations_ = erases_ = programs_ = 0;
        programmed_ = violations_ = 0;
        erase_counts_.clear();
        cut_at_ = std::numeric_limits<std::size_t>::max();
    }

private:
    bool inside(address_t address, std::uint64_t length) const noexcept {
        return address >= base_ && std::uint64_t{address} - base_ + length <= bytes_.size();
    }

    // False when the power is gone, or goes now (then cut_now_ says this
    // operation is the one in flight).
    bool start_operation() noexcept {
        cut_now_ = false;
        if (dead_) return false;
        if (operations_++ == cut_at_) {
            dead_ = true;
            cut_now_ = effect_ != cut_effect::none;
            return false;
        }
        return true;
    }

    void apply_program(address_t address, std::span<const std::byte> in, bool partly) {
        for (std::size_t i = 0; i < in.size(); ++i) {
            if (partly && (next_random() & 1) == 0) continue; // this byte never got its pulse
            auto& b = bytes_[address - base_ + i];
            if (Traits::needs_erase) {
                // Programming the erased value is "leave alone"; anything
                // else that needs a 0 -> 1 transition cannot happen.
                if (in[i] != std::byte{Traits::erased_value} && (b & in[i]) != in[i]) ++violations_;
                b &= in[i];
            } else {
                b = in[i];
            }
        }
    }

    std::uint32_t next_random() noexcept {
        // xorshift32: deterministic, so a failing cut point replays exactly.
        random_ ^= random_ << 13;
        random_ ^= random_ >> 17;
        random_ ^= random_ << 5;
        return random_;
    }

    address_t base_;
    std::vector<std::byte> bytes_;
    std::size_t operations_ = 0, erases_ = 0, programs_ = 0;
    std::uint64_t programmed_ = 0, violations_ = 0;
    std::map<address_t, std::uint32_t> erase_counts_;
    std::size_t cut_at_ = std::numeric_limits<std::size_t>::max();
    cut_effect effect_ = cut_effect::none;
    bool dead_ = false, cut_now_ = false;
    std::uint32_t random_ = 1;
};

} // namespace romfs::deploy
