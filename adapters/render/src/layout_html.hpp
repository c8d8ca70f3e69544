// The HTML rendition: a page layout (docs/page-layout.md) as a complete XHTML 1.0 Strict
// document, the preview and the HTML part of an email. Chancery's own writer, like the
// PDF typesetter; what a document looks like is decided by the kind templates and
// settings.xml, which make the layout.
//
//   - One sheet, no pages: the classification marking stands at the top and at the
//     bottom; continuation headers and page numbers are left out; a page break is a thin
//     rule; an addressee block anchored at the foot of the page follows the text after a
//     gap.
//   - Alignment, indents, spacing, fonts, bold/italic/underline are reproduced with an
//     embedded style sheet and style attributes built only from checked values
//     (layout_css.hpp): nothing from the layout reaches the CSS unchecked. Language codes
//     are checked too.
//   - No script, no external resource: images (the emblem) are left out; a seal space is
//     an empty box (with its label, if any); a row is a one-line table.
//   - Text is text: every text node is escaped.
//   - Elements may be in no namespace or in urn:chancery:page-layout:1; elements in any
//     other namespace, and unknown ones, are left out (their text too, except inside a
//     paragraph, where only the markup is dropped). White space between blocks is
//     ignored; inside paragraphs it is kept as it is.
// The output is byte for byte what templates/common/layout-to-html.xsl (its predecessor)
// gave, except that a layout with several <page> gets a text-align only from the first.
#pragma once

#include <libxml/tree.h>

#include <string>

namespace chancery::render::detail {

// The XHTML document (UTF-8, with XML declaration and DOCTYPE) of `layout`. A document
// whose root is not <page-layout> gives an empty sheet. Never throws anything but
// std::bad_alloc; any depth of nesting is fine. Thread-safe for a tree no one changes.
std::string layoutToHtml(const xmlDoc* layout);

}  // namespace chancery::render::detail
