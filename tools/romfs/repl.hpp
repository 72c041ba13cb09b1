// The raw REPL on a serial port, as mpremote speaks it (tools/mpremote/
// mpremote/transport_serial.py in MicroPython's tree): Ctrl-C to interrupt,
// Ctrl-A for the raw REPL, the code, Ctrl-D, "OK", the output and the error
// output each ended by Ctrl-D, then the ">" prompt; raw-paste mode (Ctrl-E
// A Ctrl-A, the device's window size, flow control by Ctrl-A) when the
// device has it.
#pragma once

#include <unistd.h>

#include <algorithm>
#include <string>
#include <string_view>

#include "io.hpp"
#include "serial.hpp"

namespace romfs::tool {

// The raw REPL on a serial port.
class raw_repl {
public:
    explicit raw_repl(serial_port& port) : port_(port) {}

    // Interrupts whatever runs and enters the raw REPL (no soft reset: the
    // board keeps its state, as `mpremote romfs query` leaves it).
    // A board still booting (or just plugged in) may miss the first
    // Ctrl-C/Ctrl-A: they are sent again every 2 s, for up to `timeout_ms`.
    result<void> enter(int timeout_ms = 10000) {
        failure last{2, port_.path() + ": no answer from the device"};
        for (int waited = 0; waited < timeout_ms; waited += 2000) {
            if (auto r = port_.write("\r\x03\x03"); !r) return r;
            port_.drain(200);
            if (auto r = port_.write("\r\x01"); !r) return r;
            auto got = port_.read_until("raw REPL; CTRL-B to exit\r\n", 2000, 2000);
            if (got) return {};
            last = got.error();
            if (last.message.find("closed the connection") != std::string::npos ||
                last.message.find("read failed") != std::string::npos)
                return last;
        }
        return last;
    }

    // Back to the friendly REPL.
    void exit() { (void)port_.write("\r\x02"); }

    struct output {
        std::string out;
        std::string err;
    };

    // Runs `code`; its output and error output. Raw-paste mode when the
    // device supports it (flow-controlled, fast), else the raw REPL in
    // 256-byte pieces as mpremote writes them.
    result<output> exec(std::string_view code, int timeout_ms = 10000) {
        if (auto r = port_.read_until(">", timeout_ms); !r) return r.error();
        if (raw_paste_) {
            if (auto r = port_.write("\x05" "A\x01"); !r) return r.error();
            const auto answer = port_.read_exactly(2, timeout_ms);
            if (!answer) return answer.error();
            if (*answer == "R\x01") {
                if (auto r = paste(code, timeout_ms); !r) return r.error();
                return follow(timeout_ms);
            }
            raw_paste_ = false;
            if (*answer != "R\x00") {
                // An older device: it read Ctrl-E as "raw REPL" again.
                if (auto r = port_.read_until("w REPL; CTRL-B to exit\r\n>", timeout_ms); !r) return r.error();
            }
        }
        for (std::size_t i = 0; i < code.size(); i += 256) {
            if (auto r = port_.write(code.substr(i, 256)); !r) return r.error();
            ::usleep(10000);
        }
        if (auto r = port_.write("\x04"); !r) return r.error();
        const auto ok = port_.read_exactly(2, timeout_ms);
        if (!ok) return ok.error();
        if (*ok != "OK") return failure{2, port_.path() + ": the device refused the code (answer '" + *ok + "')"};
        return follow(timeout_ms);
    }

    // Whether the last exec used raw-paste mode.
    bool raw_paste() const { return raw_paste_; }

private:
    result<output> follow(int timeout_ms) {
        auto out = port_.read_until("\x04", timeout_ms);
        if (!out) return out.error();
        auto err = port_.read_until("\x04", timeout_ms);
        if (!err) return err.error();
        std::string o = *std::move(out), e = *std::move(err);
        o.pop_back(); // the Ctrl-D that ends each
        e.pop_back();
        return output{std::move(o), std::move(e)};
    }

    result<void> paste(std::string_view code, int timeout_ms) {
        const auto header = port_.read_exactly(2, timeout_ms);
        if (!header) return header.error();
        const std::size_t window = static_cast<unsigned char>((*header)[0]) | static_cast<unsigned char>((*header)[1]) << 8;
        std::size_t remain = window;
        for (std::size_t i = 0; i < code.size();) {
            while (remain == 0) {
                const auto flow = port_.read_exactly(1, timeout_ms);
                if (!flow) return flow.error();
                if (*flow == "\x01") {
                    remain += window;
                } else if (*flow == "\x04") {
                    // The device ended the paste early: acknowledge it.
                    (void)port_.write("\x04");
                    return {};
                } else {
                    return failure{2, port_.path() + ": unexpected byte from the device during raw paste"};
                }
            }
            const std::size_t n = std::min(remain, code.size() - i);
            if (auto r = port_.write(code.substr(i, n)); !r) return r;
            remain -= n;
            i += n;
        }
        if (auto r = port_.write("\x04"); !r) return r;
        if (auto r = port_.read_until("\x04", timeout_ms); !r) return r.error();
        return {};
    }

    serial_port& port_;
    bool raw_paste_ = true;
};

} // namespace romfs::tool
