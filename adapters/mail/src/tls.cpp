#include "tls.hpp"

#include <Poco/Net/NetSSL.h>
#include <Poco/Net/RejectCertificateHandler.h>
#include <Poco/Net/SSLException.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/Net/SecureStreamSocket.h>
#include <Poco/String.h>

#include <map>
#include <mutex>
#include <utility>

namespace chancery::mail::tls {
namespace {

void initialiseOnce() {
  static std::once_flag once;
  std::call_once(once, [] {
    Poco::Net::initializeSSL();
    // Without a handler Poco would look one up in a Poco::Util::Application's
    // configuration; a certificate that fails verification is simply refused.
    Poco::SharedPtr<Poco::Net::InvalidCertificateHandler> reject(
        new Poco::Net::RejectCertificateHandler(false));
    Poco::Net::Context::Ptr defaultContext(new Poco::Net::Context(
        Poco::Net::Context::TLS_CLIENT_USE, "", Poco::Net::Context::VERIFY_RELAXED, 9, true));
    Poco::Net::SSLManager::instance().initializeClient(nullptr, reject, defaultContext);
  });
}

}  // namespace

Poco::Net::Context::Ptr clientContext(const TlsOptions& options) {
  initialiseOnce();
  using Poco::Net::Context;
  // One context per trust setting for the whole process: loading the system's trust
  // store takes milliseconds, and an SSL_CTX may serve many connections at once.
  static std::mutex mutex;
  static std::map<std::pair<bool, std::string>, Context::Ptr> contexts;
  const std::pair<bool, std::string> key{options.verifyPeer, options.caFile};
  std::lock_guard lock(mutex);
  if (auto found = contexts.find(key); found != contexts.end()) return found->second;
  Context::Params params;
  params.caLocation = options.caFile;
  params.loadDefaultCAs = options.caFile.empty();
  params.verificationMode = options.verifyPeer ? Context::VERIFY_RELAXED : Context::VERIFY_NONE;
  params.verificationDepth = 9;
  params.cipherList = "HIGH:!aNULL:!eNULL:!MD5:!RC4:!3DES";
  Context::Ptr context(new Context(Context::TLS_CLIENT_USE, params));
  context->disableProtocols(Context::PROTO_SSLV2 | Context::PROTO_SSLV3 | Context::PROTO_TLSV1 |
                            Context::PROTO_TLSV1_1);
  context->enableExtendedCertificateVerification(options.verifyPeer);
  contexts.emplace(key, context);
  return context;
}

Poco::Net::StreamSocket secure(const Poco::Net::StreamSocket& plain, const std::string& serverName,
                               const Poco::Net::Context::Ptr& context) {
  Poco::Net::SecureStreamSocket socket =
      Poco::Net::SecureStreamSocket::attach(plain, serverName, context);
  socket.completeHandshake();
  return socket;
}

bool isCertificateProblem(const Poco::Exception& e) {
  if (dynamic_cast<const Poco::Net::CertificateValidationException*>(&e) != nullptr) return true;
  const std::string text = Poco::toLower(e.displayText());
  return text.find("certificate verify failed") != std::string::npos ||
         text.find("unacceptable certificate") != std::string::npos;
}

}  // namespace chancery::mail::tls
