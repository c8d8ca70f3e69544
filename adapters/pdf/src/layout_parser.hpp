// Parses page-layout XML (docs/page-layout.md) into a PageLayout.
#pragma once

#include <cstddef>
#include <string_view>

#include "page_layout.hpp"

namespace chancery::pdf {

inline constexpr std::size_t kMaxLayoutBytes = std::size_t{16} * 1024 * 1024;

// Parses and validates `xml`. Safe on hostile input: no network, no DTD, no entity
// expansion (any DOCTYPE is refused before its internal subset is read), at most
// kMaxLayoutBytes. Throws LayoutError naming the offending line for malformed XML,
// unknown elements or attributes, and out-of-range values.
PageLayout parsePageLayout(std::string_view xml);

}  // namespace chancery::pdf
