// The workflow step <step run="render" formats="pdf html text"/>: renders the current
// revision of a document and stores each output as an artifact of that revision.
#pragma once

#include <string>
#include <vector>

#include "chancery/engine/engine.hpp"
#include "chancery/render/renderer.hpp"

namespace chancery::render {

// The input the renderer needs for the current revision of `document`: its content and
// registry data, and the directory entries of its recipients and of every
// <addressee ref="..."/> of its content that the directory knows (recipients first, in
// their order). The time is the registration time, else the document's creation time.
// Throws what Engine::document throws.
RenderInput renderInputFor(Engine& engine, DocumentId document);

// The formats of a step's "formats" parameter ("pdf html text"). Throws
// std::invalid_argument for an unknown or missing format.
std::vector<Format> stepFormats(const workflow::Step& step);

// Register with engine.registerStepRunner("render", std::make_shared<RenderStep>(...)).
// Idempotent: formats already stored for the revision are not rendered again, and the
// engine keeps the first artifact of a (revision, format) anyway. Every error propagates
// (the engine records it and retries the job): TemplateError and ContentError need a
// person to fix a template or the document.
// Threads: run() may be called from several threads at once; the Engine and the Renderer
// must outlive the step.
class RenderStep : public StepRunner {
 public:
  RenderStep(Engine& engine, Renderer& renderer) : engine_(engine), renderer_(renderer) {}

  void run(DocumentId document, const workflow::Step& step, const std::string& payload) override;

 private:
  Engine& engine_;
  Renderer& renderer_;
};

}  // namespace chancery::render
