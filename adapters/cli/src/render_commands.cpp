// `chancery render`, `mail poll` and `serve`: the commands that reach beyond the
// engine (templates, the mailbox, the workers).
#include <unistd.h>

#include <csignal>
#include <fstream>
#include <ostream>
#include <thread>

#include "arguments.hpp"
#include "chancery/engine/scheduler.hpp"
#include "chancery/render/render_step.hpp"
#include "commands.hpp"
#include "output.hpp"
#include "runtime.hpp"
#include "session.hpp"

namespace chancery::cli {
namespace {

volatile std::sig_atomic_t gServeStop = 0;
extern "C" void serveStop(int) { gServeStop = 1; }

}  // namespace

int renderCommand(const std::vector<std::string>& args, const Settings& settings, Io io) {
  std::vector<std::string> spelled = args;
  for (auto& arg : spelled) {
    if (arg == "-o") arg = "--output";  // the usual short form
  }
  Arguments a(spelled, {"format", "output", "revision"}, {});
  if (a.positionals().size() != 1) {
    throw UsageError("usage: chancery render ID --format pdf|html|text [-o FILE] [--revision N]");
  }
  DocumentId id = parseNumber(a.positionals()[0], "the document id", 1);
  auto format = render::parseFormat(a.required("format"));
  if (!format) throw UsageError("--format is pdf, html or text");
  std::optional<std::string> output = a.value("output");
  if (!output && *format == render::Format::kPdf && isatty(STDOUT_FILENO)) {
    throw UsageError("a PDF is not for a terminal: give -o FILE (or redirect the output)");
  }
  EngineSession session(settings);
  Runtime runtime(session.engine(), settings);
  render::RenderInput input = render::renderInputFor(session.engine(), id);
  if (auto revision = a.value("revision")) {
    int n = static_cast<int>(parseNumber(*revision, "--revision", 1));
    std::optional<RevisionView> saved = session.engine().revision(id, n);
    if (!saved) {
      throw RuleError(RuleErrorKind::kNotFound, "document " + std::to_string(id) +
                                                    " has no revision " + std::to_string(n));
    }
    input.content = saved->content;
    input.revision = n;
    if (input.number && !saved->bearsRegistryNumber) {
      // A draft replaced before registration: as it stood then, without the number.
      io.err << "note: revision " << n << " was replaced before document " << id
             << " was registered: it is rendered as a draft, without the registry number\n";
      input.number.reset();
      input.timeMs = saved->createdAt;
    }
  }
  render::Rendition r;
  try {
    r = runtime.renderer().render(input, *format);
  } catch (const render::ContentError& e) {
    throw RuleError(RuleErrorKind::kInvalidInput, e.what());
  } catch (const render::TemplateError& e) {
    throw RuleError(RuleErrorKind::kInvalidInput, std::string("template problem: ") + e.what());
  } catch (const pdf::LayoutError& e) {
    throw RuleError(RuleErrorKind::kInvalidInput, std::string("layout problem: ") + e.what());
  }
  for (const auto& note : r.notes) io.err << "note: " << printable(note) << "\n";
  if (output) {
    writeWholeFile(*output, r.bytes);
    io.err << "wrote " << *output << " (" << r.bytes.size() << " bytes"
           << (r.pages ? ", " + std::to_string(r.pages) + " page(s)" : "") << ", from "
           << r.templateFile << ")\n";
  } else {
    io.out.write(r.bytes.data(), static_cast<std::streamsize>(r.bytes.size()));
  }
  return kOk;
}

int mailCommand(const std::vector<std::string>& args, const Settings& settings, Io io) {
  if (args.size() != 1 || args[0] != "poll") throw UsageError("usage: chancery mail poll");
  EngineSession session(settings);
  Runtime runtime(session.engine(), settings);
  io.out << "registry mailbox: " << describe(runtime.pollMailbox()) << "\n";
  return kOk;
}

int serveCommand(const std::vector<std::string>& args, const Settings& settings, Io io) {
  Arguments a(args, {}, {"no-mail"});
  if (!a.positionals().empty()) throw UsageError("usage: chancery serve [--no-mail]");
  EngineSession session(settings);
  Runtime runtime(session.engine(), settings);
  SchedulerOptions options;
  options.workers = static_cast<std::size_t>(settings.workers);
  options.name = "serve";
  Scheduler scheduler(session.engine(), options);
  if (!a.flag("no-mail")) {
    scheduler.addPeriodic("mail poll", std::chrono::seconds(settings.mailPollSeconds),
                          [&runtime] { runtime.pollMailbox(); });
  }
  gServeStop = 0;
  std::signal(SIGINT, serveStop);
  std::signal(SIGTERM, serveStop);
  io.out << "chancery serving: " << options.workers << " worker(s)"
         << (a.flag("no-mail") ? "" : ", mailbox every " + std::to_string(settings.mailPollSeconds) + " s")
         << " (stop with Ctrl-C)\n"
         << std::flush;
  scheduler.start();
  std::string lastError;
  while (!gServeStop) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    if (std::string e = scheduler.lastError(); e != lastError) {
      io.err << "chancery: " << printable(e) << "\n" << std::flush;
      lastError = e;
    }
  }
  scheduler.stop();
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
  JobRunSummary t = scheduler.totals();
  io.out << "stopped: " << t.done << " job(s) done, " << t.failed << " to retry, " << t.given_up
         << " given up\n";
  return kOk;
}

}  // namespace chancery::cli
