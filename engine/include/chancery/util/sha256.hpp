// SHA-256 (FIPS 180-4), for definition fingerprints and the audit hash chain. The
// engine takes no crypto library: this is the whole of what it needs.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace chancery {

class Sha256 {
 public:
  Sha256();
  void update(std::string_view data);
  std::array<std::uint8_t, 32> finish();
  std::string finishHex();

 private:
  void block(const std::uint8_t* p);
  std::array<std::uint32_t, 8> h_;
  std::array<std::uint8_t, 64> buffer_{};
  std::size_t buffered_ = 0;
  std::uint64_t length_ = 0;
};

std::string sha256Hex(std::string_view data);

}  // namespace chancery
