// Reads a MIME message back with Poco (independently of the code under test) so tests
// can check its structure: headers, nesting, decoded part bodies.
#pragma once

#include <Poco/Base64Decoder.h>
#include <Poco/Net/MediaType.h>
#include <Poco/Net/MessageHeader.h>
#include <Poco/Net/MultipartReader.h>
#include <Poco/Net/QuotedPrintableDecoder.h>
#include <Poco/StreamCopier.h>
#include <Poco/String.h>

#include <sstream>
#include <string>
#include <vector>

namespace chancery::mail::testing {

struct MimePart {
  Poco::Net::MessageHeader header;
  std::string mediaType;  // "multipart/mixed", lower case, no parameters
  std::string raw;        // the body as it stands in the message
  std::string decoded;    // after Content-Transfer-Encoding
  std::vector<MimePart> children;
};

inline std::string decodeBody(const std::string& raw, const std::string& encoding) {
  std::istringstream in(raw);
  std::string out;
  if (Poco::icompare(encoding, "base64") == 0) {
    Poco::Base64Decoder decoder(in);
    Poco::StreamCopier::copyToString(decoder, out);
  } else if (Poco::icompare(encoding, "quoted-printable") == 0) {
    Poco::Net::QuotedPrintableDecoder decoder(in);
    Poco::StreamCopier::copyToString(decoder, out);
  } else {
    out = raw;
  }
  return out;
}

inline void fillPart(MimePart& part, std::istream& body) {
  Poco::StreamCopier::copyToString(body, part.raw);
  const Poco::Net::MediaType type(part.header.get("Content-Type", "text/plain"));
  part.mediaType = Poco::toLower(type.getType() + "/" + type.getSubType());
  if (Poco::toLower(type.getType()) == "multipart") {
    std::istringstream in(part.raw);
    Poco::Net::MultipartReader reader(in, type.getParameter("boundary"));
    while (reader.hasNextPart()) {
      MimePart child;
      reader.nextPart(child.header);
      fillPart(child, reader.stream());
      part.children.push_back(std::move(child));
    }
  } else {
    part.decoded = decodeBody(part.raw, part.header.get("Content-Transfer-Encoding", ""));
  }
}

inline MimePart inspectMime(const std::string& message) {
  std::istringstream in(message);
  MimePart top;
  top.header.read(in);
  in.get();  // \r
  in.get();  // \n
  fillPart(top, in);
  return top;
}

// Every '\n' preceded by '\r' and every '\r' followed by '\n'.
inline bool crlfOnly(const std::string& s) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\n' && (i == 0 || s[i - 1] != '\r')) return false;
    if (s[i] == '\r' && (i + 1 == s.size() || s[i + 1] != '\n')) return false;
  }
  return true;
}

inline std::size_t longestLine(const std::string& s) {
  std::size_t longest = 0, start = 0;
  while (start <= s.size()) {
    auto nl = s.find("\r\n", start);
    if (nl == std::string::npos) nl = s.size();
    longest = std::max(longest, nl - start);
    start = nl + 2;
  }
  return longest;
}

}  // namespace chancery::mail::testing
