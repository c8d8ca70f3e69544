#include "chancery/files/drop_folder_channel.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <set>
#include <stdexcept>
#include <system_error>
#include <thread>

#include "chancery/mail/errors.hpp"
#include "chancery/mail/message_builder.hpp"

namespace chancery::files {
namespace {

namespace fs = std::filesystem;
using chancery::mail::MessageRefused;

constexpr std::size_t kMaxName = 200;  // bytes; file systems allow 255

// An I/O failure: the outcome is kDeferred.
class WriteError : public std::runtime_error {
 public:
  WriteError(const std::string& what, const fs::path& path, int error)
      : std::runtime_error(what + " " + path.string() + ": " + std::strerror(error)) {}
};

void checkEnvelopeId(const std::string& id) {
  bool ok = !id.empty() && id.size() <= kMaxName && id.front() != '.';
  for (char c : id) {
    const bool allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                         (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    ok = ok && allowed;
  }
  if (!ok) {
    throw MessageRefused("envelopeId",
                         "envelopeId \"" + id.substr(0, 80) +
                             "\" cannot name a file in the drop folder: use letters, digits, "
                             ". _ - only, not starting with '.'");
  }
}

// "name.pdf" -> "name (2).pdf"
std::string numbered(const std::string& name, int k) {
  const auto dot = name.rfind('.');
  const std::string suffix = " (" + std::to_string(k) + ")";
  if (dot == std::string::npos || dot == 0) return name + suffix;
  return name.substr(0, dot) + suffix + name.substr(dot);
}

void fsyncPath(const fs::path& path, int flags) {
  const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) throw WriteError("cannot open", path, errno);
  const int rc = ::fsync(fd);
  const int error = errno;
  ::close(fd);
  if (rc != 0 && error != EINVAL) throw WriteError("cannot fsync", path, error);
}

std::string temporaryName(const fs::path& target) {
  static std::atomic<unsigned long> counter{0};
  return "." + target.filename().string() + "." + std::to_string(::getpid()) + "." +
         std::to_string(std::hash<std::thread::id>{}(std::this_thread::get_id()) % 1000000) + "." +
         std::to_string(counter.fetch_add(1)) + ".tmp";
}

// Write to a temporary name in the same directory, fsync, rename over `target`, fsync
// the directory.
void writeAtomically(const fs::path& target, const std::string& bytes) {
  const fs::path temporary = target.parent_path() / temporaryName(target);
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) throw WriteError("cannot create", temporary, errno);
  std::size_t written = 0;
  while (written < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      const int error = errno;
      ::close(fd);
      ::unlink(temporary.c_str());
      throw WriteError("cannot write", temporary, error);
    }
    written += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) {
    const int error = errno;
    ::close(fd);
    ::unlink(temporary.c_str());
    throw WriteError("cannot fsync", temporary, error);
  }
  if (::close(fd) != 0) {
    const int error = errno;
    ::unlink(temporary.c_str());
    throw WriteError("cannot close", temporary, error);
  }
  if (::rename(temporary.c_str(), target.c_str()) != 0) {
    const int error = errno;
    ::unlink(temporary.c_str());
    throw WriteError("cannot rename into place", target, error);
  }
  fsyncPath(target.parent_path(), O_RDONLY | O_DIRECTORY);
}

void ensureDirectory(const fs::path& dir) {
  if (::mkdir(dir.c_str(), 0755) == 0) {
    fsyncPath(dir.parent_path(), O_RDONLY | O_DIRECTORY);
    return;
  }
  if (errno != EEXIST) throw WriteError("cannot create the directory", dir, errno);
  struct stat info {};
  if (::stat(dir.c_str(), &info) != 0 || !S_ISDIR(info.st_mode)) {
    throw WriteError("not a directory:", dir, ENOTDIR);
  }
}

}  // namespace

DropFolderChannel::DropFolderChannel(fs::path folder) : folder_(std::move(folder)) {
  if (folder_.empty()) throw std::invalid_argument("drop folder: no folder given");
  std::error_code error;
  fs::create_directories(folder_, error);
  if (!fs::is_directory(folder_)) {
    throw std::invalid_argument("drop folder " + folder_.string() +
                                " is not a directory and cannot be created" +
                                (error ? ": " + error.message() : std::string()));
  }
}

std::vector<fs::path> DropFolderChannel::pathsFor(const OutgoingMessage& message) const {
  checkEnvelopeId(message.envelopeId);
  std::vector<fs::path> paths{folder_ / (message.envelopeId + ".eml")};
  const fs::path attachments = folder_ / (message.envelopeId + ".files");
  std::set<std::string> used;
  for (std::size_t i = 0; i < message.attachments.size(); ++i) {
    const std::string& name = message.attachments[i].filename;
    if (name.size() > kMaxName) {
      throw MessageRefused("attachments[" + std::to_string(i) + "].filename",
                           "attachment name \"" + name.substr(0, 60) +
                               "...\" is too long for a file name (at most 200 bytes)");
    }
    std::string unique = name;
    for (int k = 2; used.count(unique) != 0; ++k) unique = numbered(name, k);
    used.insert(unique);
    paths.push_back(attachments / unique);
  }
  return paths;
}

SendOutcome DropFolderChannel::send(const OutgoingMessage& message) {
  try {
    const std::string bytes = chancery::mail::MessageBuilder().build(message);
    const std::vector<fs::path> paths = pathsFor(message);
    if (paths.size() > 1) ensureDirectory(paths[1].parent_path());
    for (std::size_t i = 1; i < paths.size(); ++i) {
      writeAtomically(paths[i], message.attachments[i - 1].bytes);
    }
    writeAtomically(paths[0], bytes);
    return {SendStatus::kSent,
            "written to " + paths[0].string() + " (" + std::to_string(bytes.size()) + " bytes" +
                (paths.size() > 1 ? ", " + std::to_string(paths.size() - 1) + " attachment(s) in " +
                                        paths[1].parent_path().string()
                                  : std::string()) +
                ")"};
  } catch (const MessageRefused& e) {
    return {SendStatus::kFailed, std::string("not written: ") + e.what()};
  } catch (const std::exception& e) {
    return {SendStatus::kDeferred, std::string("drop folder: ") + e.what()};
  }
}

}  // namespace chancery::files
