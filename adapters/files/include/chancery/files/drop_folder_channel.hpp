// The drop folder channel: instead of sending, writes each dispatch into a folder that
// another system (a mail gateway on a separate network, a courier's upload, an air-gapped
// transfer) picks up.
//
// For a message with envelope id E it writes, in this order:
//   FOLDER/E.files/<attachment filename>   each attachment's bytes (when there are any)
//   FOLDER/E.eml                           the message, exactly MessageBuilder::build()
// Each file is written to a temporary name starting with '.', fsync'd, renamed into
// place, and the directory fsync'd: a reader never sees a partial file, and E.eml
// appears only once the attachments are complete. Pick up *.eml; ignore dot files.
//
// Idempotent: the same dispatch gives the same names and bytes, so a resend after a
// crash overwrites the files with identical content.
//
// Outcomes: kSent ("written to ..."); kFailed when the message fails
// MessageBuilder::check or its envelope id / attachment names cannot be file names;
// kDeferred for I/O errors (disk full, permissions): fix and retry.
// send() may be called concurrently from any number of threads.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "chancery/engine/dispatch.hpp"

namespace chancery::files {

class DropFolderChannel final : public chancery::Channel {
 public:
  // Creates `folder` if missing. Throws std::invalid_argument when it cannot be used.
  explicit DropFolderChannel(std::filesystem::path folder);

  SendOutcome send(const OutgoingMessage& message) override;

  // Where send() puts `message`: the .eml first, then the attachments in order. Throws
  // chancery::mail::MessageRefused when the envelope id or a name is unusable.
  std::vector<std::filesystem::path> pathsFor(const OutgoingMessage& message) const;

  const std::filesystem::path& folder() const { return folder_; }

 private:
  std::filesystem::path folder_;
};

}  // namespace chancery::files
