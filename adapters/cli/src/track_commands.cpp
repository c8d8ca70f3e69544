// `chancery track`: what became of each dispatched copy, recipient by recipient;
// and the registry's hand: acknowledgements, unmatched mail.
#include <Poco/JSON/Array.h>

#include <ostream>

#include "arguments.hpp"
#include "commands.hpp"
#include "output.hpp"
#include "session.hpp"

namespace chancery::cli {
namespace {

Poco::Dynamic::Var when(const std::optional<Millis>& t) {
  return t ? Poco::Dynamic::Var(formatUtc(*t)) : Poco::Dynamic::Var();
}

Poco::JSON::Object::Ptr dispatchJson(const DispatchView& d) {
  auto o = jsonObject();
  o->set("dispatch", d.id);
  o->set("document", d.document);
  o->set("registryNumber", d.registryNumber);
  o->set("revision", d.revision);
  o->set("recipient", d.recipient);
  o->set("directoryId", d.directoryId);
  o->set("channel", d.channel);
  o->set("status", d.status);
  o->set("attempts", d.attempts);
  o->set("messageId", d.messageId);
  o->set("lastReply", d.lastReply);
  o->set("created", formatUtc(d.createdAt));
  o->set("updated", formatUtc(d.updatedAt));
  o->set("sent", when(d.sentAt));
  o->set("delivered", when(d.deliveredAt));
  o->set("acknowledged", when(d.acknowledgedAt));
  o->set("answered", when(d.answeredAt));
  o->set("acknowledgementDue", d.acknowledgementDue ? Poco::Dynamic::Var(formatUtc(d.acknowledgementDue))
                                                    : Poco::Dynamic::Var());
  return o;
}

void printDispatches(std::ostream& out, const std::vector<DispatchView>& list) {
  if (list.empty()) {
    out << "nothing dispatched\n";
    return;
  }
  for (const auto& d : list) {
    out << "dispatch " << d.id << "  " << (d.registryNumber.empty() ? "(no number)" : d.registryNumber)
        << "  to " << printable(d.recipient) << "\n";
    out << "    status " << d.status << "; attempts " << d.attempts << "; updated "
        << formatUtc(d.updatedAt) << "\n";
    if (d.sentAt) out << "    sent " << formatUtc(*d.sentAt) << "\n";
    if (d.deliveredAt) out << "    delivered " << formatUtc(*d.deliveredAt) << "\n";
    if (d.acknowledgedAt) out << "    acknowledged " << formatUtc(*d.acknowledgedAt) << "\n";
    if (d.answeredAt) out << "    answered " << formatUtc(*d.answeredAt) << "\n";
    if (d.status == "sent" || d.status == "delivered") {
      out << "    acknowledgement due " << formatUtc(d.acknowledgementDue) << "\n";
    }
    if (!d.lastReply.empty()) out << "    last reply: " << printable(d.lastReply) << "\n";
    out << "    Message-ID " << d.messageId << "\n";
  }
}

}  // namespace

int trackCommand(const std::vector<std::string>& args, const Settings& settings, Io io) {
  if (!args.empty() && args[0] == "ack") {
    Arguments a(std::vector<std::string>(args.begin() + 1, args.end()), {"as", "comment"}, {});
    if (a.positionals().size() != 1) {
      throw UsageError("usage: chancery track ack DISPATCH --as USER --comment TEXT");
    }
    long long id = parseNumber(a.positionals()[0], "the dispatch id", 1);
    std::string comment = a.required("comment");
    EngineSession session(settings);
    session.engine().acknowledge(id, a.required("as"), comment);
    auto d = session.engine().dispatch(id);
    io.out << "dispatch " << id << " to " << printable(d->recipient) << ": acknowledged\n";
    return kOk;
  }
  if (!args.empty() && args[0] == "message") {
    std::vector<std::string> rest(args.begin() + 1, args.end());
    for (auto& arg : rest) {
      if (arg == "-o") arg = "--output";
    }
    Arguments a(rest, {"output"}, {});
    if (a.positionals().size() != 1) {
      throw UsageError("usage: chancery track message INBOUND_ID [-o FILE.eml]");
    }
    long long id = parseNumber(a.positionals()[0], "the inbound message id", 1);
    EngineSession session(settings);
    std::optional<std::string> raw = session.engine().inboundMessage(id);
    if (!raw) {
      throw RuleError(RuleErrorKind::kNotFound,
                      "inbound message " + std::to_string(id) +
                          " was registered by its headers only (too large to retrieve): it is "
                          "still on the mail server");
    }
    const std::string& bytes = *raw;
    if (auto output = a.value("output")) {
      writeWholeFile(*output, bytes);
      io.err << "wrote " << *output << " (" << bytes.size() << " bytes, as received)\n";
    } else {
      io.out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    }
    return kOk;
  }
  if (!args.empty() && args[0] == "unmatched") {
    Arguments a(std::vector<std::string>(args.begin() + 1, args.end()), {"assign", "to", "as"},
                {"json"});
    EngineSession session(settings);
    if (auto inbound = a.value("assign")) {
      session.engine().assignInbound(parseNumber(*inbound, "--assign", 1), parseNumber(a.required("to"), "--to", 1),
                                     a.required("as"));
      io.out << "inbound message " << *inbound << " registered as the reply to dispatch "
             << a.required("to") << "\n";
      return kOk;
    }
    auto items = session.engine().inbound(true);
    if (a.flag("json")) {
      Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
      for (const auto& i : items) {
        auto o = jsonObject();
        o->set("id", i.id);
        o->set("received", formatUtc(i.receivedAt));
        o->set("from", i.from);
        o->set("subject", i.subject);
        o->set("messageId", i.messageId);
        list->add(o);
      }
      printJson(io.out, list);
      return kOk;
    }
    if (items.empty()) io.out << "no unmatched mail\n";
    for (const auto& i : items) {
      io.out << i.id << "  " << formatUtc(i.receivedAt) << "  " << printable(i.from) << "  "
             << printable(i.subject) << "\n";
    }
    return kOk;
  }
  Arguments a(args, {}, {"json", "overdue"});
  EngineSession session(settings);
  std::vector<DispatchView> list;
  if (a.flag("overdue")) {
    if (!a.positionals().empty()) throw UsageError("usage: chancery track --overdue [--json]");
    list = session.engine().overdueDispatches();
  } else {
    if (a.positionals().size() != 1) {
      throw UsageError(
          "usage: chancery track ID [--json] | track --overdue | track ack DISPATCH --as USER "
          "--comment TEXT | track unmatched [--assign N --to DISPATCH --as USER] | track message "
          "INBOUND_ID [-o FILE.eml]");
    }
    list = session.engine().dispatches(parseNumber(a.positionals()[0], "the document id", 1));
  }
  if (a.flag("json")) {
    Poco::JSON::Array::Ptr out = new Poco::JSON::Array;
    for (const auto& d : list) out->add(dispatchJson(d));
    printJson(io.out, out);
  } else {
    if (a.flag("overdue") && list.empty()) {
      io.out << "no dispatch is overdue\n";
    } else {
      printDispatches(io.out, list);
    }
  }
  return kOk;
}

}  // namespace chancery::cli
