// Messages for the mail adapter's tests and benchmark.
#pragma once

#include <string>

#include "chancery/engine/dispatch.hpp"

namespace chancery::mail::testing {

// A PDF-looking attachment of `size` bytes holding every byte value (deterministic).
inline std::string samplePdf(std::size_t size) {
  std::string pdf = "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n";
  unsigned state = 12345;
  while (pdf.size() < size) {
    state = state * 1103515245u + 12345u;
    pdf += static_cast<char>((state >> 16) & 0xff);
  }
  pdf.resize(size);
  return pdf;
}

// A note verbale as the engine hands it to a channel: dispatch n of document 3.
inline OutgoingMessage sampleMessage(long long n = 17, std::size_t pdfSize = 4096) {
  OutgoingMessage m;
  m.dispatchId = n;
  m.documentId = 3;
  m.messageId = "<dispatch-" + std::to_string(n) + ".doc-3@registry.mfa.test>";
  m.envelopeId = "dispatch-" + std::to_string(n);
  m.from = "registry@mfa.test";
  m.to = "embassy.berlin@embassy.test";
  m.toName = "Embassy of the Federal Republic of Germany";
  m.subject = "NV-0001/2026 \xE2\x80\x94 Missing persons: request for cooperation";
  m.registryNumber = "NV-0001/2026";
  m.date = 1795858200000;  // 2026-11-28T09:30:00Z
  m.text =
      "The Ministry of Foreign Affairs presents its compliments to the Embassy\n"
      "and has the honour to transmit the enclosed note.\n"
      ".a line that starts with a dot\n"
      "..and one with two\n"
      "Caf\xC3\xA9 \xE2\x80\x94 trailing space \n"
      "The Ministry avails itself of this opportunity to renew to the Embassy the assurances "
      "of its highest consideration, in a line much longer than seventy-six characters.\n";
  m.html =
      "<html><body><p>The Ministry of Foreign Affairs presents its compliments.</p>\n"
      "<p>Caf\xC3\xA9 &#8212; see the enclosed note.</p></body></html>\n";
  if (pdfSize > 0)
    m.attachments.push_back({"NV-0001-2026.pdf", "application/pdf", samplePdf(pdfSize)});
  return m;
}

}  // namespace chancery::mail::testing
