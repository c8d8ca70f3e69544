#include "arguments.hpp"

#include <charconv>

namespace chancery::cli {

Arguments::Arguments(const std::vector<std::string>& args, const std::set<std::string>& valued,
                     const std::set<std::string>& flags) {
  bool optionsEnded = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (optionsEnded || a.size() < 3 || a.rfind("--", 0) != 0) {
      if (a == "--") {
        optionsEnded = true;
        continue;
      }
      positionals_.push_back(a);
      continue;
    }
    std::string name = a.substr(2);
    std::optional<std::string> inlineValue;
    if (auto eq = name.find('='); eq != std::string::npos) {
      inlineValue = name.substr(eq + 1);
      name = name.substr(0, eq);
    }
    if (valued.count(name)) {
      if (inlineValue) {
        values_.emplace(name, *inlineValue);
      } else if (i + 1 < args.size()) {
        values_.emplace(name, args[++i]);
      } else {
        throw UsageError("--" + name + " needs a value");
      }
    } else if (flags.count(name)) {
      if (inlineValue) throw UsageError("--" + name + " takes no value");
      flags_.insert(name);
    } else {
      throw UsageError("unknown option --" + name);
    }
  }
}

std::optional<std::string> Arguments::value(const std::string& name) const {
  auto range = values_.equal_range(name);
  if (range.first == range.second) return std::nullopt;
  return std::prev(range.second)->second;  // the last one given wins
}

std::vector<std::string> Arguments::values(const std::string& name) const {
  std::vector<std::string> out;
  auto range = values_.equal_range(name);
  for (auto it = range.first; it != range.second; ++it) out.push_back(it->second);
  return out;
}

std::string Arguments::required(const std::string& name) const {
  auto v = value(name);
  if (!v) throw UsageError("--" + name + " is required");
  return *v;
}

long long parseNumber(const std::string& text, const std::string& what, long long min) {
  long long n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || end != text.data() + text.size() || n < min) {
    std::string shown;
    for (char c : text) shown += (static_cast<unsigned char>(c) < 0x20) ? '?' : c;
    throw UsageError(what + " must be a number" + (min > 0 ? " from " + std::to_string(min) : "") +
                     ", not '" + shown + "'");
  }
  return n;
}

}  // namespace chancery::cli
