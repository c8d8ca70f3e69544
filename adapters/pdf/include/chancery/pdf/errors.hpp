// Errors raised by the PDF typesetter.
//
// Two families, as everywhere in Chancery:
//   * LayoutError (a std::logic_error): the page-layout XML or one of its resources is
//     wrong. Retrying cannot help; the template or the document must be fixed. The
//     message names the element/attribute and says what is allowed.
//   * RenderError (a std::runtime_error): the environment failed (cairo out of memory,
//     font system broken). Retrying later may help.
// A malformed PdfOptions (e.g. a creation date that is not ISO 8601) is a caller bug and
// raises std::invalid_argument.
#pragma once

#include <stdexcept>
#include <string>

namespace chancery::pdf {

class LayoutError : public std::logic_error {
 public:
  // `line`/`column` are 1-based positions in the layout XML; 0 means "not known"
  // (libxml2 reports columns only for well-formedness errors).
  LayoutError(int line, int column, const std::string& message);

  int line() const noexcept { return line_; }
  int column() const noexcept { return column_; }
  // The message without the "page layout, line N: " prefix that what() carries.
  const std::string& detail() const noexcept { return detail_; }

 private:
  int line_;
  int column_;
  std::string detail_;
};

class RenderError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace chancery::pdf
