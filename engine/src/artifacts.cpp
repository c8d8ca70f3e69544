// Rendered outputs of revisions: immutable, addressed by content hash.
#include "chancery/util/base64.hpp"
#include "chancery/util/sha256.hpp"
#include "engine_impl.hpp"

namespace chancery {

std::string Engine::storeArtifact(DocumentId id, int revision, const std::string& format,
                                  const std::string& mediaType, const std::string& bytes) {
  std::string sha = sha256Hex(bytes);
  std::string encoded = base64Encode(bytes);
  std::string stored;
  store_.write([&](soci::session& sql) {
    auto inst = detail::loadInstance(store_, sql, id, true);
    if (!inst) throw RuleError(RuleErrorKind::kNotFound, "there is no document " + std::to_string(id));
    sql << "SELECT sha256 FROM artifacts WHERE document_id = :d AND revision = :r AND format = :f",
        soci::use(id), soci::use(revision), soci::use(format), soci::into(stored);
    if (sql.got_data()) return;  // immutable: the first rendering stays
    Millis now = impl_->clock.nowMs();
    long long size = static_cast<long long>(bytes.size());
    sql << "INSERT INTO artifacts (document_id, revision, format, media_type, sha256, size, "
           "content_base64, created_at_ms) VALUES (:d, :r, :f, :m, :s, :n, :c, :t)",
        soci::use(id), soci::use(revision), soci::use(format), soci::use(mediaType),
        soci::use(sha), soci::use(size), soci::use(encoded), soci::use(now);
    detail::appendEvent(store_, sql,
                        {now, id, "chancery", "rendered", inst->state, inst->state, format, "",
                         "revision=" + std::to_string(revision) + " sha256=" + sha +
                             " size=" + std::to_string(size)});
    stored = sha;
  });
  return stored;
}

std::vector<Artifact> Engine::artifacts(DocumentId id) {
  std::vector<Artifact> out;
  store_.read([&](soci::session& sql) {
    Artifact a;
    a.document = id;
    soci::statement st =
        (sql.prepare << "SELECT revision, format, media_type, sha256, size, created_at_ms FROM "
                        "artifacts WHERE document_id = :d ORDER BY revision, format",
         soci::use(id), soci::into(a.revision), soci::into(a.format), soci::into(a.mediaType),
         soci::into(a.sha256), soci::into(a.size), soci::into(a.createdAt));
    st.execute();
    while (st.fetch()) out.push_back(a);
  });
  return out;
}

std::optional<Artifact> Engine::artifact(DocumentId id, int revision, const std::string& format) {
  std::optional<Artifact> out;
  store_.read([&](soci::session& sql) {
    Artifact a;
    a.document = id;
    a.revision = revision;
    a.format = format;
    std::string encoded;
    sql << "SELECT media_type, sha256, size, created_at_ms, content_base64 FROM artifacts WHERE "
           "document_id = :d AND revision = :r AND format = :f",
        soci::use(id), soci::use(revision), soci::use(format), soci::into(a.mediaType),
        soci::into(a.sha256), soci::into(a.size), soci::into(a.createdAt), soci::into(encoded);
    if (!sql.got_data()) return;
    auto bytes = base64Decode(encoded);
    if (!bytes || sha256Hex(*bytes) != a.sha256) {
      throw store::StorageError("artifact " + format + " of document " + std::to_string(id) +
                                " revision " + std::to_string(revision) +
                                " does not match its hash: the stored copy was altered");
    }
    a.bytes = std::move(*bytes);
    out = std::move(a);
  });
  return out;
}

}  // namespace chancery
