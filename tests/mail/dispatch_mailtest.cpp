// Dispatch end to end against the real Postfix + Dovecot of tests/services/mailstack.sh:
// the engine sends a note to two embassies through SMTP with DSN requests; the
// registry mailbox is read over POP3; the success report marks one dispatch
// delivered, the bounce marks the other bounced, and a reply marks it answered.
#include <gtest/gtest.h>
#include <unistd.h>

#include <Poco/Net/MailMessage.h>
#include <Poco/Net/SMTPClientSession.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include "chancery/engine/engine.hpp"
#include "chancery/mail/pop3_mailbox.hpp"
#include "chancery/mail/smtp_channel.hpp"
#include "mail_stack_env.hpp"

namespace fs = std::filesystem;
using namespace chancery;
using namespace std::chrono_literals;

namespace {

using chancery::mail::testing::endpoint;
using chancery::mail::testing::env;

class DispatchByMail : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string missing = chancery::mail::testing::missingMailStack(
        {"CHANCERY_SMTP", "CHANCERY_POP3", "CHANCERY_MAIL_PASSWORD"});
    if (!missing.empty()) GTEST_FAIL() << missing;
    dir_ = fs::temp_directory_path() / ("chancery-dispatch-mail-" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "workflows");
    for (const fs::path& src : {fs::path(CHANCERY_SOURCE_DIR) / "workflows",
                                fs::path(CHANCERY_TEST_DATA) / "fixtures/workflows/valid"}) {
      for (const auto& e : fs::directory_iterator(src)) {
        if (e.path().extension() == ".xml") fs::copy_file(e.path(), dir_ / "workflows" / e.path().filename());
      }
    }
    store::StoreOptions options;
    options.url = "sqlite:" + (dir_ / "store.db").string();
    store_ = std::make_unique<store::Store>(options);
    store_->migrate();
    engine_ = std::make_unique<Engine>(*store_, clock_, (dir_ / "workflows").string());
    EngineSettings settings;
    settings.registryAddress = "registry@mfa.test";
    engine_->configure(settings);
    auto [host, port] = endpoint("CHANCERY_SMTP");
    mail::SmtpConfig smtp;
    smtp.host = host;
    smtp.port = port;
    smtp.envelopeSender = "registry@mfa.test";
    smtp.commandTimeout = 30s;
    smtp.finalReplyTimeout = 60s;
    engine_->registerChannel("email", std::make_shared<mail::SmtpChannel>(smtp));
    engine_->addUser("clerk", {"clerk"}, "");
  }
  void TearDown() override { fs::remove_all(dir_); }

  mail::Pop3Config pop3(const std::string& user) {
    auto [host, port] = endpoint("CHANCERY_POP3");
    mail::Pop3Config c;
    c.host = host;
    c.port = port;
    c.user = user;
    c.password = env("CHANCERY_MAIL_PASSWORD");
    c.allowPlaintextAuth = true;
    return c;
  }

  // Reads the registry mailbox into the engine until `done` holds (or 30 s pass).
  void pollUntil(const std::function<bool()>& done) {
    for (int i = 0; i < 60 && !done(); ++i) {
      mail::Pop3Mailbox box(pop3("registry@mfa.test"));
      std::vector<int> registered;
      for (const auto& m : box.fetch()) {
        if (m.parsed) engine_->receive(m.message);
        registered.push_back(m.number);
      }
      if (!registered.empty()) box.remove(registered);
      box.quit();
      if (!done()) std::this_thread::sleep_for(500ms);
    }
  }

  std::string statusOf(DocumentId id, const std::string& recipient) {
    std::string status;
    for (const auto& d : engine_->dispatches(id)) {
      if (d.recipient == recipient) status = d.status;
    }
    return status;
  }

  fs::path dir_;
  SystemClock clock_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<Engine> engine_;
};

}  // namespace

TEST_F(DispatchByMail, ReportsBouncesAndRepliesComeBackToEachDispatch) {
  const std::string embassy = "embassy.berlin@embassy.test";
  const std::string nobody = "nobody-here@embassy.test";
  NewDocument d;
  d.kind = "quick-dispatch";
  d.subject = "Missing persons: request for cooperation";
  d.recipients = {embassy, nobody};
  d.drafter = "clerk";
  DocumentId id = engine_->createDocument(d);
  std::string pdf = "%PDF-1.5\n" + std::string(100 * 1024, 'x') + "\n%%EOF\n";
  pdf[20] = '\0';
  engine_->storeArtifact(id, 1, "pdf", "application/pdf", pdf);
  engine_->storeArtifact(id, 1, "text", "text/plain; charset=utf-8", "The Ministry presents...\n");
  engine_->act({id, "send", "clerk", "", std::nullopt});
  engine_->runDueJobs("mail-test");
  EXPECT_EQ(statusOf(id, embassy), "sent");
  EXPECT_EQ(statusOf(id, nobody), "sent");  // the lenient port takes it, then bounces it
  EXPECT_EQ(engine_->document(id).state, "sent") << "all-sent moved the document on";

  // The embassy's mailbox has the note, with its PDF.
  std::string messageId;
  for (const auto& disp : engine_->dispatches(id)) {
    if (disp.recipient == embassy) messageId = disp.messageId;
  }
  bool found = false;
  for (int i = 0; i < 60 && !found; ++i) {
    mail::Pop3Mailbox box(pop3(embassy));
    for (const auto& m : box.fetch()) {
      if (m.message.messageId == messageId) {
        found = true;
        EXPECT_NE(m.raw.find("Content-Type: application/pdf"), std::string::npos);
        EXPECT_NE(m.raw.find("X-Chancery-Dispatch: dispatch-"), std::string::npos);
      }
    }
    box.abandon();
    if (!found) std::this_thread::sleep_for(500ms);
  }
  EXPECT_TRUE(found) << "the embassy never received " << messageId;

  // Delivery reports: a success for the embassy, a failure for the unknown mailbox.
  pollUntil([&] { return statusOf(id, embassy) == "delivered" && statusOf(id, nobody) == "bounced"; });
  EXPECT_EQ(statusOf(id, embassy), "delivered");
  EXPECT_EQ(statusOf(id, nobody), "bounced");

  // The embassy answers the note.
  {
    auto [host, port] = endpoint("CHANCERY_SMTP");
    Poco::Net::SMTPClientSession session(host, port);
    session.login();
    Poco::Net::MailMessage reply;
    reply.setSender(embassy);
    reply.addRecipient(Poco::Net::MailRecipient(Poco::Net::MailRecipient::PRIMARY_RECIPIENT,
                                                "registry@mfa.test"));
    reply.setSubject("Re: Missing persons: request for cooperation");
    reply.set("In-Reply-To", messageId);
    reply.set("Message-ID", "<reply-" + std::to_string(getpid()) + "@embassy.test>");
    reply.setContent("The Embassy presents its compliments and acknowledges receipt.\r\n");
    session.sendMessage(reply);
    session.close();
  }
  pollUntil([&] { return statusOf(id, embassy) == "answered"; });
  EXPECT_EQ(statusOf(id, embassy), "answered");
  bool replyRegistered = false;
  for (const auto& item : engine_->inbound(false)) {
    replyRegistered = replyRegistered || (item.kind == "reply" && item.text.find("acknowledges") != std::string::npos);
  }
  EXPECT_TRUE(replyRegistered) << "the reply is registered as an incoming item";
  EXPECT_TRUE(engine_->verifyAudit().ok);
}
