// Draws paginated slices and furniture onto a cairo PDF surface in memory.
#pragma once

#include <string>
#include <vector>

#include "chancery/pdf/typesetter.hpp"
#include "page_layout.hpp"
#include "paginate.hpp"
#include "typeset.hpp"

namespace chancery::pdf {

// Returns the PDF file. `pages` come from paginate(galley.slices, ...) and
// furniture.pages has one entry per page. Metadata (dates, title, author, subject) comes
// from `options`, which the caller has validated. Throws RenderError if cairo fails.
std::string drawPdf(const PageSetup& page, const Galley& galley,
                    const std::vector<PageContent>& pages, const FurnitureGalley& furniture,
                    const PdfOptions& options);

}  // namespace chancery::pdf
