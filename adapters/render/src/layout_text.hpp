// The text rendition: a page layout (docs/page-layout.md) as plain text, the text part
// of an email. Chancery's own writer, like the PDF typesetter; what a document says and
// how it is arranged is decided by the kind templates and settings.xml, which make the
// layout.
//
//   - One line per paragraph, wrapped at 72 columns (wrapText); a <br/> starts a new
//     line; white space is collapsed as the typesetter collapses it.
//   - A blank line between the blocks of the flow; the lines of a <block> (an addressee
//     block) stand on consecutive lines.
//   - A row is one line: its cells side by side, the last one pushed to the right margin
//     when they fit ("No. NV-0001/2026        Baku, 28 November 2026"); a <br/> in a cell
//     gives a second line, the parts side by side in the same way.
//   - Centred and right-aligned lines that fit are padded with spaces; signature lines
//     are centred in the right half.
//   - The classification marking stands on the first and the last line; no page
//     numbers, no continuation headers, no images, no seal spaces (a seal space with a
//     label gives its label in brackets).
//   - Elements are recognised by their local name, in any namespace.
// The output is byte for byte what templates/common/layout-to-text.xsl (its predecessor)
// and wrapText gave, including its quirk that U+E000 in a text stands for a line break.
#pragma once

#include <libxml/tree.h>

#include <string>

namespace chancery::render::detail {

// The text of `layout`, wrapped at 72 columns, ending with one "\n". A document whose
// root is not <page-layout> gives "\n". Never throws anything but std::bad_alloc; any
// depth of nesting is fine. Thread-safe for a tree no one changes.
std::string layoutToText(const xmlDoc* layout);

}  // namespace chancery::render::detail
