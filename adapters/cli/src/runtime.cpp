#include "runtime.hpp"

#include "chancery/files/drop_folder_channel.hpp"
#include "chancery/mail/pop3_mailbox.hpp"
#include "chancery/mail/smtp_channel.hpp"
#include "chancery/render/render_step.hpp"

namespace chancery::cli {
namespace {

bool loopback(const std::string& host) {
  return host == "127.0.0.1" || host == "localhost" || host == "::1";
}

mail::Security securityOf(const std::string& s) {
  if (s == "starttls") return mail::Security::kStartTls;
  if (s == "tls") return mail::Security::kTls;
  return mail::Security::kNone;
}

render::RendererOptions rendererOptions(const Settings& settings) {
  render::RendererOptions options;
  options.timeZone = settings.timeZone;
  return options;
}

}  // namespace

Runtime::Runtime(Engine& engine, const Settings& settings)
    : engine_(engine),
      settings_(settings),
      renderer_(std::make_unique<render::Renderer>(settings.templates,
                                                   rendererOptions(settings))) {
  engine.registerStepRunner("render", std::make_shared<render::RenderStep>(engine, *renderer_));

  auto files = std::make_shared<files::DropFolderChannel>(settings.outbox);
  engine.registerChannel("files", files);
  if (settings.channel == "email") {
    mail::SmtpConfig smtp;
    smtp.host = settings.smtpHost;
    smtp.port = static_cast<std::uint16_t>(settings.smtpPort);
    smtp.security = securityOf(settings.smtpSecurity);
    smtp.envelopeSender = settings.registryAddress;
    // Well inside a job's lease (5 min), so a hung server cannot make two workers
    // send the same dispatch at once.
    smtp.commandTimeout = std::chrono::seconds(60);
    smtp.finalReplyTimeout = std::chrono::seconds(120);
    if (!settings.smtpUser.empty()) {
      smtp.auth = mail::SmtpAuth::kPlain;
      smtp.user = settings.smtpUser;
      smtp.password = settings.smtpPassword;
      smtp.allowPlaintextAuth = loopback(settings.smtpHost);
    }
    auto email = std::make_shared<mail::SmtpChannel>(smtp);
    engine.registerChannel("email", email);
    engine.registerChannel("default", email);
  } else {
    engine.registerChannel("default", files);
  }
}

Runtime::~Runtime() = default;

MailPollSummary Runtime::pollMailbox() {
  mail::Pop3Config config;
  config.host = settings_.pop3Host;
  config.port = static_cast<std::uint16_t>(settings_.pop3Port);
  config.user = settings_.pop3User.empty() ? settings_.registryAddress : settings_.pop3User;
  config.password = settings_.pop3Password;
  config.allowPlaintextAuth = loopback(settings_.pop3Host);
  config.maxMessageBytes = static_cast<std::size_t>(settings_.pop3MaxMessageMb) << 20;
  mail::Pop3Mailbox mailbox(config);
  MailPollSummary summary;
  std::vector<int> committed;
  for (const auto& fetched : mailbox.fetch()) {
    ++summary.fetched;
    InboundMessage message = fetched.message;
    if (!fetched.parsed) {
      // Never dropped: registered as unmatched with what could be read of it.
      message = InboundMessage{};
      message.messageId = fetched.uidl.empty() ? "" : "<pop3-uidl-" + fetched.uidl + ">";
      message.subject = "(unreadable message: " + fetched.note + ")";
      message.text = fetched.rawHeaders;
    }
    message.raw = fetched.raw;  // kept whole, as evidence
    ReceiveOutcome outcome = engine_.receive(message);  // committed when it returns
    switch (outcome.kind) {
      case ReceiveOutcome::Kind::kDeliveryReport: ++summary.reports; break;
      case ReceiveOutcome::Kind::kReply: ++summary.replies; break;
      case ReceiveOutcome::Kind::kAcknowledgement: ++summary.acknowledgements; break;
      case ReceiveOutcome::Kind::kAutomaticReply: ++summary.automaticReplies; break;
      case ReceiveOutcome::Kind::kUnmatched: ++summary.unmatched; break;
      case ReceiveOutcome::Kind::kDuplicate: ++summary.duplicates; break;
    }
    // Deleted from the server only when the registry holds the whole message: one too
    // large to retrieve stays there for a person to read with a mail client.
    if (!fetched.raw.empty()) committed.push_back(fetched.number);
  }
  if (!committed.empty()) mailbox.remove(committed);
  mailbox.quit();
  summary.deleted = static_cast<int>(committed.size());
  summary.leftOnServer = summary.fetched - summary.deleted;
  return summary;
}

std::string describe(const MailPollSummary& s) {
  return std::to_string(s.fetched) + " message(s): " + std::to_string(s.reports) +
         " delivery report(s), " + std::to_string(s.replies) + " repl(ies), " +
         std::to_string(s.acknowledgements) + " acknowledgement(s), " +
         (s.automaticReplies ? std::to_string(s.automaticReplies) + " automatic repl(ies), " : "") +
         std::to_string(s.unmatched) + " unmatched, " + std::to_string(s.duplicates) +
         " duplicate(s); " + std::to_string(s.deleted) + " deleted from the server" +
         (s.leftOnServer ? "; " + std::to_string(s.leftOnServer) +
                               " left there (too large or not retrieved: read with a mail "
                               "client; track unmatched lists them)"
                         : "");
}

}  // namespace chancery::cli
