#include "chancery/mail/errors.hpp"

#include <utility>

namespace chancery::mail {

MessageRefused::MessageRefused(std::string field, const std::string& message)
    : std::logic_error(message), field_(std::move(field)) {}

}  // namespace chancery::mail
