#include "chancery/render/errors.hpp"

namespace chancery::render {

TemplateError::TemplateError(std::string templateFile, const std::string& message)
    : std::logic_error(message), templateFile_(std::move(templateFile)) {}

}  // namespace chancery::render
