// Stage 1: the envelope <document> every template reads (docs/rendering.md).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "chancery/render/renderer.hpp"
#include "xslt_runtime.hpp"

namespace chancery::render::detail {

struct Envelope {
  DocPtr doc;
  std::vector<std::string> notes;  // e.g. an addressee no recipient matches
};

// Builds the envelope with libxml2's tree API (no text is ever parsed as markup): the
// registry data as attributes, the <recipient> blocks, and the content's root element
// copied under <content>. The content is parsed with chancery::xml::parseUntrusted (no
// DOCTYPE, depth 64, at most `maxContentBytes`). Throws ContentError for bad content, a
// kind or language that cannot name a template, or text XML cannot carry (invalid UTF-8,
// control characters). The date attribute is the local date in `options.timeZone`.
Envelope buildEnvelope(const RenderInput& input, const RendererOptions& options);

// Throws ContentError unless `kind` and `language` can name a template file
// ("note-verbale", "en", "az-Latn").
void checkTemplateNames(const std::string& kind, const std::string& language);

}  // namespace chancery::render::detail
