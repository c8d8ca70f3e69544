// Errors raised by the renderer.
//
// Both are logic errors in Chancery's two families: retrying cannot help, a person must
// fix something first.
//   * TemplateError: a template is missing, does not compile, fails at run time, tries
//     something the security preferences forbid (reading outside templates/, writing a
//     file, the network) or produces output that breaks the contract (not UTF-8,
//     disable-output-escaping). Fix the templates.
//   * ContentError: the document's content or registry data cannot be rendered (not
//     well-formed, too large, a control character in the subject). Fix the document.
// A page layout the typesetter refuses raises chancery::pdf::LayoutError, whose message
// then names the template that produced the layout.
#pragma once

#include <stdexcept>
#include <string>

namespace chancery::render {

class TemplateError : public std::logic_error {
 public:
  // `templateFile` is the template concerned, relative to the templates directory
  // ("note-verbale/en.xsl"); `message` says what is wrong.
  TemplateError(std::string templateFile, const std::string& message);
  const std::string& templateFile() const noexcept { return templateFile_; }

 private:
  std::string templateFile_;
};

class ContentError : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

}  // namespace chancery::render
