// Helpers shared by the renderer's tests and benchmark: where the fixture and the real
// templates are, sample inputs and directory entries, and PDF text extraction.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "chancery/engine/engine.hpp"
#include "chancery/render/renderer.hpp"

namespace chancery::render::testing {

// tests/render/data/templates: small fixture templates (and hostile ones).
std::filesystem::path fixtureTemplatesDir();
// tests/render/data.
std::filesystem::path dataDir();
// The real templates/ of the source tree.
std::filesystem::path realTemplatesDir();

// The Embassy of the Swiss Confederation in Baku, with names in en, fr and az.
DirectoryEntry swissEmbassy();
// The Secretary-General of the United Nations, with names in en and fr only.
DirectoryEntry unSecretaryGeneral();

// A registered fixture note ("fixture-note", en) with three paragraphs and the Swiss
// embassy as its only recipient (named by <addressee ref>).
RenderInput fixtureInput();

// The input an envelope file such as templates/tests/envelope-note-verbale.xml was made
// from: its attributes, its <recipient> as a directory entry (names in the envelope's
// language only) and the element under <content>, serialised. Throws std::runtime_error.
RenderInput inputFromEnvelope(const std::filesystem::path& envelopeFile);

// A copy of the real templates/ in a temporary directory, with a generated emblem.png
// (the typesetter's resource directory is the templates directory, and the repository
// has no emblem). Made once per process, removed at exit.
std::filesystem::path realTemplatesWithEmblem();

// The text of a PDF, from `pdftotext -layout` (pages separated by form feeds).
std::string pdfText(const std::string& pdfBytes);

// Every attribute (name, value) of every element of the XML document `xml` (an XHTML
// rendition), in document order. Throws std::runtime_error when it is not well-formed.
std::vector<std::pair<std::string, std::string>> xmlAttributes(const std::string& xml);

// How many times `needle` occurs in `haystack` (overlapping occurrences included).
std::size_t count(const std::string& haystack, const std::string& needle);

// The file's bytes; throws std::runtime_error when it cannot be read.
std::string readFile(const std::filesystem::path& path);

}  // namespace chancery::render::testing
