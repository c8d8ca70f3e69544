// What the commands that run jobs, render or read mail add to an engine: the
// renderer and its step, the dispatch channels, and the registry mailbox.
#pragma once

#include <memory>
#include <string>

#include "chancery/engine/engine.hpp"
#include "chancery/render/renderer.hpp"
#include "commands.hpp"

namespace chancery::cli {

struct MailPollSummary {
  int fetched = 0;
  int reports = 0;
  int replies = 0;
  int acknowledgements = 0;
  int automaticReplies = 0;  // out-of-office and the like: noted, not answers
  int unmatched = 0;
  int duplicates = 0;
  int deleted = 0;
  int leftOnServer = 0;  // registered by their headers only (too large): read them by hand
};

class Runtime {
 public:
  // Registers the render step and the channels on `engine` (which must outlive this).
  Runtime(Engine& engine, const Settings& settings);
  ~Runtime();

  render::Renderer& renderer() { return *renderer_; }
  // Reads the registry mailbox: every message is registered by the engine; a message
  // is deleted from the server only after its registration is committed.
  MailPollSummary pollMailbox();

 private:
  Engine& engine_;
  Settings settings_;
  std::unique_ptr<render::Renderer> renderer_;
};

std::string describe(const MailPollSummary& s);

}  // namespace chancery::cli
