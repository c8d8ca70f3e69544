// `chancery doc`, `act` and `inbox`: drafting documents and moving them along.
#include <charconv>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <ostream>

#include "arguments.hpp"
#include "commands.hpp"
#include "output.hpp"
#include "session.hpp"

namespace chancery::cli {
namespace {

// Content larger than this is refused before it is read (the engine's own limit).
constexpr std::uintmax_t kMaxContentBytes = 4 << 20;

std::vector<std::string> tail(const std::vector<std::string>& args) {
  return {args.begin() + 1, args.end()};
}

DocumentId documentId(const std::string& text) { return parseNumber(text, "the document id", 1); }

std::string readLimited(std::istream& in, const std::string& name) {
  std::string content;
  char buffer[64 * 1024];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    content.append(buffer, static_cast<std::size_t>(in.gcount()));
    if (content.size() > kMaxContentBytes) {
      throw RuleError(RuleErrorKind::kInvalidInput,
                      "the content " + name +
                          " is larger than 4 MiB — a document's content "
                          "may be at most 4 MiB; move bulky material to an annex");
    }
  }
  if (in.bad()) {
    throw RuleError(RuleErrorKind::kInvalidInput, "the content " + name + " could not be read");
  }
  return content;
}

// The content file's bytes; "-" reads standard input. Refuses a file over the
// limit before reading it.
std::string readContent(const std::string& path) {
  if (path == "-") return readLimited(std::cin, "from standard input");
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::file_status status = fs::status(path, ec);
  if (ec || !fs::exists(status)) {
    throw RuleError(RuleErrorKind::kInvalidInput,
                    "the content file " + path + " cannot be read: " +
                        (ec ? ec.message() : std::string("it does not exist")));
  }
  if (fs::is_directory(status)) {
    throw RuleError(RuleErrorKind::kInvalidInput,
                    "the content file " + path + " is a folder — name the XML file");
  }
  if (fs::is_regular_file(status)) {
    std::uintmax_t size = fs::file_size(path, ec);
    if (!ec && size > kMaxContentBytes) {
      throw RuleError(RuleErrorKind::kInvalidInput,
                      "the content file " + path + " is " + std::to_string(size) +
                          " bytes — a document's content may be at most 4 MiB (" +
                          std::to_string(kMaxContentBytes) +
                          " bytes); move bulky material "
                          "to an annex");
    }
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw RuleError(RuleErrorKind::kInvalidInput,
                    "the content file " + path + " cannot be opened — check its permissions");
  }
  return readLimited(in, "file " + path);
}

int docNew(const std::vector<std::string>& args, const Settings& settings, Io io) {
  Arguments a(args,
              {"kind", "subject", "content", "language", "classification", "to", "campaign", "as"},
              {});
  if (!a.positionals().empty()) {
    throw UsageError("doc new takes no positional arguments (got '" +
                     printable(a.positionals()[0]) + "') — quote the subject: --subject \"...\"");
  }
  NewDocument d;
  d.kind = a.required("kind");
  d.subject = a.required("subject");
  d.drafter = a.required("as");
  if (auto v = a.value("language")) d.language = *v;
  if (auto v = a.value("classification")) d.classification = *v;
  if (auto v = a.value("campaign")) d.campaign = *v;
  d.recipients = a.values("to");
  if (auto file = a.value("content")) d.content = readContent(*file);
  EngineSession session(settings);
  io.out << session.engine().createDocument(d) << "\n";
  return kOk;
}

int docEdit(const std::vector<std::string>& args, const Settings& settings, Io io) {
  Arguments a(args, {"content", "as"}, {});
  if (a.positionals().size() != 1) {
    throw UsageError("usage: chancery doc edit ID --content FILE --as USER");
  }
  DocumentId id = documentId(a.positionals()[0]);
  std::string user = a.required("as");
  std::string content = readContent(a.required("content"));
  EngineSession session(settings);
  io.out << session.engine().editDocument(id, content, user) << "\n";
  return kOk;
}

int docShow(const std::vector<std::string>& args, const Settings& settings, Io io) {
  Arguments a(args, {}, {"json"});
  if (a.positionals().size() != 1) throw UsageError("usage: chancery doc show ID [--json]");
  DocumentId id = documentId(a.positionals()[0]);
  EngineSession session(settings);
  DocumentView d = session.engine().document(id);
  if (a.flag("json")) {
    printJson(io.out, toJson(d));
  } else {
    printDocument(io.out, d);
  }
  return kOk;
}

int docHistory(const std::vector<std::string>& args, const Settings& settings, Io io) {
  Arguments a(args, {}, {"json"});
  if (a.positionals().size() != 1) throw UsageError("usage: chancery doc history ID [--json]");
  DocumentId id = documentId(a.positionals()[0]);
  EngineSession session(settings);
  std::vector<HistoryEntry> history = session.engine().history(id);
  if (a.flag("json")) {
    Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
    for (const auto& h : history) list->add(toJson(h));
    printJson(io.out, list);
  } else {
    printHistory(io.out, history);
  }
  return kOk;
}

}  // namespace

int docCommand(const std::vector<std::string>& args, const Settings& settings, Io io) {
  std::string sub = args.empty() ? "" : args[0];
  if (sub == "new") return docNew(tail(args), settings, io);
  if (sub == "edit") return docEdit(tail(args), settings, io);
  if (sub == "show") return docShow(tail(args), settings, io);
  if (sub == "history") return docHistory(tail(args), settings, io);
  throw UsageError("usage: chancery doc new|edit|show|history ... (see chancery --help)");
}

int actCommand(const std::vector<std::string>& args, const Settings& settings, Io io) {
  Arguments a(args, {"as", "comment", "expect-version"}, {"json"});
  if (a.positionals().size() != 2) {
    throw UsageError(
        "usage: chancery act ID ACTION --as USER [--comment TEXT] "
        "[--expect-version N]");
  }
  ActRequest request;
  request.document = documentId(a.positionals()[0]);
  request.action = a.positionals()[1];
  request.user = a.required("as");
  request.comment = a.value("comment").value_or("");
  if (auto v = a.value("expect-version")) {
    request.expectedVersion = parseNumber(*v, "--expect-version", 0);
  }
  EngineSession session(settings);
  ActResult result = session.engine().act(request);
  if (a.flag("json")) {
    printJson(io.out, toJson(request.document, result));
  } else {
    printActResult(io.out, request.document, result);
  }
  return kOk;
}

int inboxCommand(const std::vector<std::string>& args, const Settings& settings, Io io) {
  Arguments a(args, {"as", "limit"}, {"json"});
  if (!a.positionals().empty()) throw UsageError("usage: chancery inbox --as USER [--json]");
  std::string user = a.required("as");
  std::size_t limit = 100;
  if (auto v = a.value("limit")) {
    long long n = parseNumber(*v, "--limit", 1);
    if (n > 10000) throw UsageError("--limit is at most 10000");
    limit = static_cast<std::size_t>(n);
  }
  EngineSession session(settings);
  std::vector<InboxItem> items = session.engine().inbox(user, limit);
  if (a.flag("json")) {
    Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
    for (const auto& i : items) list->add(toJson(i));
    printJson(io.out, list);
  } else {
    printInbox(io.out, user, items);
  }
  return kOk;
}

}  // namespace chancery::cli
