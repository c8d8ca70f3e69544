// How the commands print what the engine returns: for people (aligned text, with
// control characters made visible) and, with --json, for programs (one JSON value
// on stdout, times as UTC ISO 8601, absent values as null).
#pragma once

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <iosfwd>
#include <string>
#include <vector>

#include "chancery/engine/engine.hpp"

namespace chancery::cli {

// "a, b, c"
std::string joinList(const std::vector<std::string>& items, const char* separator = ", ");
// The text with control characters shown as escapes (\n, \x1b), so that what a
// user typed cannot rewrite the terminal or forge extra lines of output.
std::string printable(const std::string& text);

// Writes `bytes` to `path` whole or not at all (a temporary file renamed into place).
// Throws RuleError (invalid input) when it cannot be written.
void writeWholeFile(const std::string& path, const std::string& bytes);

// An object that keeps its keys in insertion order.
Poco::JSON::Object::Ptr jsonObject();
void printJson(std::ostream& out, const Poco::Dynamic::Var& value);

Poco::JSON::Object::Ptr toJson(const User& user);
Poco::JSON::Object::Ptr toJson(const DocumentView& document);
Poco::JSON::Object::Ptr toJson(const HistoryEntry& entry);
Poco::JSON::Object::Ptr toJson(const InboxItem& item);
Poco::JSON::Object::Ptr toJson(const AuditReport& report);
Poco::JSON::Object::Ptr toJson(DocumentId document, const ActResult& result);

void printUsers(std::ostream& out, const std::vector<User>& users);
void printDocument(std::ostream& out, const DocumentView& document);
void printHistory(std::ostream& out, const std::vector<HistoryEntry>& history);
void printInbox(std::ostream& out, const std::string& user, const std::vector<InboxItem>& items);
void printActResult(std::ostream& out, DocumentId document, const ActResult& result);

}  // namespace chancery::cli
