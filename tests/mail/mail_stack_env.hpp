// The real mail stack's endpoints, from the env line of tests/services/mailstack.sh
// (CHANCERY_SMTP=127.0.0.1:2525 CHANCERY_POP3=... CHANCERY_MAIL_PASSWORD=...).
#pragma once

#include <cstdint>
#include <cstdlib>
#include <initializer_list>
#include <string>
#include <utility>

namespace chancery::mail::testing {

inline std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

// "host:port" of the variable `name`.
inline std::pair<std::string, std::uint16_t> endpoint(const char* name) {
  std::string v = env(name);
  auto colon = v.rfind(':');
  return {v.substr(0, colon), static_cast<std::uint16_t>(std::stoi(v.substr(colon + 1)))};
}

// What to tell the person running a test when a variable is missing; "" when all are set.
inline std::string missingMailStack(std::initializer_list<const char*> names) {
  for (const char* name : names) {
    if (env(name).empty()) {
      return std::string(name) +
             " is not set: run through tests/run.sh, which starts the mail stack (eval "
             "\"export $(tests/services/mailstack.sh start)\")";
    }
  }
  return "";
}

}  // namespace chancery::mail::testing
