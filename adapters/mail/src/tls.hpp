// TLS plumbing for the SMTP channel and the POP3 mailbox (internal to chancery_mail).
#pragma once

#include <Poco/Exception.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/StreamSocket.h>

#include <string>

#include "chancery/mail/tls_options.hpp"

namespace chancery::mail::tls {

// A client context: TLS 1.2 or later, the system's trust store (or options.caFile),
// peer and host name verification unless options.verifyPeer is off. Initialises
// OpenSSL through Poco once per process; one context per (verifyPeer, caFile), shared.
// Thread-safe.
Poco::Net::Context::Ptr clientContext(const TlsOptions& options);

// Runs the TLS handshake over an established connection (after STARTTLS / STLS, or
// right after connecting for implicit TLS) and returns the secure socket. The socket's
// timeouts apply to the handshake. Throws Poco::Exception.
Poco::Net::StreamSocket secure(const Poco::Net::StreamSocket& plain, const std::string& serverName,
                               const Poco::Net::Context::Ptr& context);

// True when `e` says the server's certificate was not accepted (untrusted, expired,
// wrong name): configuration to fix, not a passing network problem.
bool isCertificateProblem(const Poco::Exception& e);

}  // namespace chancery::mail::tls
