#include "chancery/pdf/errors.hpp"

namespace chancery::pdf {
namespace {

std::string locate(int line, int column, const std::string& message) {
  std::string where = "page layout";
  if (line > 0) where += ", line " + std::to_string(line);
  if (line > 0 && column > 0) where += ", column " + std::to_string(column);
  return where + ": " + message;
}

}  // namespace

LayoutError::LayoutError(int line, int column, const std::string& message)
    : std::logic_error(locate(line, column, message)),
      line_(line),
      column_(column),
      detail_(message) {}

}  // namespace chancery::pdf
