// `chancery directory import FILE` and `directory list`: the recipients.
#include <Poco/JSON/Array.h>

#include <ostream>

#include "arguments.hpp"
#include "chancery/xml/untrusted_xml.hpp"
#include "commands.hpp"
#include "output.hpp"
#include "session.hpp"

namespace chancery::cli {
namespace {

Poco::JSON::Object::Ptr directoryJson(const DirectoryEntry& e) {
  auto o = jsonObject();
  o->set("id", e.id);
  o->set("kind", e.kind);
  o->set("language", e.language);
  o->set("person", e.person);
  o->set("title", e.title);
  o->set("email", e.email);
  Poco::JSON::Array::Ptr postal = new Poco::JSON::Array;
  for (const auto& l : e.postal) postal->add(l);
  o->set("postal", postal);
  auto names = jsonObject();
  for (const auto& [lang, n] : e.names) {
    auto forms = jsonObject();
    forms->set("organisation", n.organisation);
    forms->set("courtesy_title", n.courtesyTitle);
    forms->set("salutation", n.salutation);
    names->set(lang, forms);
  }
  o->set("names", names);
  return o;
}

}  // namespace

int directoryCommand(const std::vector<std::string>& args, const Settings& settings, Io io) {
  std::string sub = args.empty() ? "" : args[0];
  std::vector<std::string> rest(args.begin() + (args.empty() ? 0 : 1), args.end());
  if (sub == "import") {
    Arguments a(rest, {"as"}, {});
    if (a.positionals().size() != 1) {
      throw UsageError("usage: chancery directory import FILE.xml [--as USER]");
    }
    const std::string& file = a.positionals()[0];
    Diagnostics diags(file);
    std::string xml;
    if (!xml::readFileLimited(file, 16 << 20, xml, diags)) {
      throw RuleError(RuleErrorKind::kInvalidInput, formatDiagnostic(diags.all().front()));
    }
    EngineSession session(settings);
    DirectoryImport r = session.engine().importDirectory(xml, file, a.value("as").value_or("chancery"));
    io.out << "directory imported from " << printable(file) << ": " << r.added << " added, "
           << r.updated << " updated, " << r.unchanged << " unchanged\n";
    return kOk;
  }
  if (sub == "list") {
    Arguments a(rest, {"language"}, {"json"});
    if (!a.positionals().empty()) throw UsageError("usage: chancery directory list [--json]");
    EngineSession session(settings);
    auto entries = session.engine().directory();
    if (a.flag("json")) {
      Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
      for (const auto& e : entries) list->add(directoryJson(e));
      printJson(io.out, list);
      return kOk;
    }
    std::string lang = a.value("language").value_or("en");
    if (entries.empty()) io.out << "the directory is empty — chancery directory import FILE.xml\n";
    for (const auto& e : entries) {
      const DirectoryNames* n = e.namesIn(lang);
      io.out << printable(e.id) << "  [" << e.kind << ", " << e.language << "]  <"
             << printable(e.email) << ">\n";
      if (n) {
        io.out << "    " << printable(n->organisation) << "\n";
        if (!n->courtesyTitle.empty()) io.out << "    " << printable(n->courtesyTitle) << "\n";
        if (!n->salutation.empty()) io.out << "    salutation: " << printable(n->salutation) << "\n";
      }
    }
    return kOk;
  }
  throw UsageError(
      "usage: chancery directory import FILE.xml | chancery directory list [--json] "
      "[--language L]");
}

}  // namespace chancery::cli
