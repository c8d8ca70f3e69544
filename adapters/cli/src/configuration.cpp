// The configuration file: `key = value` lines (Poco's property files), checked
// against the keys Chancery knows; anything unknown or malformed is refused.
#include <Poco/AutoPtr.h>
#include <Poco/Exception.h>
#include <Poco/Util/PropertyFileConfiguration.h>

#include <filesystem>
#include <functional>
#include <map>

#include "arguments.hpp"
#include "chancery/util/time_zone.hpp"
#include "commands.hpp"

namespace chancery::cli {
namespace {

void collectKeys(const Poco::Util::AbstractConfiguration& c, const std::string& prefix,
                 std::vector<std::string>& out) {
  Poco::Util::AbstractConfiguration::Keys keys;
  c.keys(prefix, keys);
  if (keys.empty() && !prefix.empty()) {
    out.push_back(prefix);
    return;
  }
  for (const auto& k : keys) collectKeys(c, prefix.empty() ? k : prefix + "." + k, out);
}

}  // namespace

void loadConfiguration(const std::string& file, Settings& s) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec)) {
    throw UsageError("the configuration file " + file + " does not exist");
  }
  if (std::filesystem::file_size(file, ec) > (1 << 20)) {
    throw UsageError("the configuration file " + file + " is larger than 1 MiB");
  }
  Poco::AutoPtr<Poco::Util::PropertyFileConfiguration> config;
  try {
    config = new Poco::Util::PropertyFileConfiguration(file);
  } catch (const Poco::Exception& e) {
    throw UsageError("cannot read " + file + ": " + e.displayText());
  }
  auto text = [&](std::string& target) {
    return [&target](const std::string& v) { target = v; };
  };
  auto number = [&](int& target, int min, int max, const std::string& key) {
    return [&target, min, max, key](const std::string& v) {
      long long n = parseNumber(v, key, min);
      if (n > max) throw UsageError(key + " is at most " + std::to_string(max));
      target = static_cast<int>(n);
    };
  };
  auto oneOf = [&](std::string& target, std::vector<std::string> allowed, const std::string& key) {
    return [&target, allowed, key](const std::string& v) {
      if (std::find(allowed.begin(), allowed.end(), v) == allowed.end()) {
        std::string list;
        for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
        throw UsageError(key + " = " + v + " — use one of: " + list);
      }
      target = v;
    };
  };
  const std::map<std::string, std::function<void(const std::string&)>> known = {
      {"store.url", text(s.db)},
      {"workflows.dir", text(s.workflows)},
      {"templates.dir", text(s.templates)},
      {"registry.address", text(s.registryAddress)},
      {"registry.message-id-domain", text(s.messageIdDomain)},
      {"dispatch.channel", oneOf(s.channel, {"files", "email"}, "dispatch.channel")},
      {"dispatch.outbox", text(s.outbox)},
      {"smtp.host", text(s.smtpHost)},
      {"smtp.port", number(s.smtpPort, 1, 65535, "smtp.port")},
      {"smtp.security", oneOf(s.smtpSecurity, {"none", "starttls", "tls"}, "smtp.security")},
      {"smtp.user", text(s.smtpUser)},
      {"smtp.password", text(s.smtpPassword)},
      {"pop3.host", text(s.pop3Host)},
      {"pop3.port", number(s.pop3Port, 1, 65535, "pop3.port")},
      {"pop3.user", text(s.pop3User)},
      {"pop3.password", text(s.pop3Password)},
      {"pop3.max-message-mb", number(s.pop3MaxMessageMb, 1, 1024, "pop3.max-message-mb")},
      {"workers", number(s.workers, 1, 64, "workers")},
      {"dispatch.give-up-hours", number(s.giveUpHours, 1, 24 * 30, "dispatch.give-up-hours")},
      {"dispatch.acknowledgement-days",
       number(s.acknowledgementDays, 1, 365, "dispatch.acknowledgement-days")},
      {"mail.poll-seconds", number(s.mailPollSeconds, 1, 86400, "mail.poll-seconds")},
      {"ministry.time-zone",
       [&s, &file](const std::string& v) {
         try {
           s.timeZone = TimeZone::load(v);
         } catch (const std::invalid_argument& e) {
           throw UsageError(file + ": ministry.time-zone: " + e.what());
         }
       }},
  };
  std::vector<std::string> keys;
  collectKeys(*config, "", keys);
  for (const auto& key : keys) {
    auto it = known.find(key);
    if (it == known.end()) {
      std::string list;
      for (const auto& [k, f] : known) list += (list.empty() ? "" : ", ") + k;
      throw UsageError(file + ": unknown setting '" + key + "' — the settings are: " + list);
    }
    std::string value = config->getRawString(key);
    for (char c : value) {
      if (c == '\r' || c == '\n' || c == '\0') {
        throw UsageError(file + ": " + key + " holds a line break or NUL");
      }
    }
    it->second(value);
  }
}

}  // namespace chancery::cli
