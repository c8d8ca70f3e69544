#include "chancery/mail/smtp_data.hpp"

namespace chancery::mail {

std::string smtpDataBlock(std::string_view message) {
  std::string out;
  out.reserve(message.size() + message.size() / 512 + 8);
  std::size_t pos = 0;
  while (pos < message.size()) {
    if (message[pos] == '.') out += '.';
    const auto nl = message.find('\n', pos);
    const std::size_t end = nl == std::string_view::npos ? message.size() : nl + 1;
    out.append(message.substr(pos, end - pos));
    pos = end;
  }
  const bool endsWithCrlf = out.size() >= 2 && out.compare(out.size() - 2, 2, "\r\n") == 0;
  out += endsWithCrlf || out.empty() ? ".\r\n" : "\r\n.\r\n";
  return out;
}

}  // namespace chancery::mail
