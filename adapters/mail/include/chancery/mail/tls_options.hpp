// TLS settings shared by the SMTP channel and the POP3 mailbox.
#pragma once

#include <string>

namespace chancery::mail {

enum class Security {
  kNone,      // plain TCP
  kStartTls,  // plain TCP, then STARTTLS (SMTP) / STLS (POP3) before anything else
  kTls,       // implicit TLS from the first byte (SMTP 465, POP3 995)
};

struct TlsOptions {
  // Verify the server's certificate chain and that it names serverName. Off only in
  // tests: a channel that does not verify talks to whoever answers.
  bool verifyPeer = true;
  // PEM file of the certificate authorities to trust instead of the system's (a private
  // CA, or a test's self-signed certificate). Empty: the system's trust store.
  std::string caFile;
  // The name the certificate must carry (and SNI). Empty: the configured host.
  std::string serverName;
};

}  // namespace chancery::mail
