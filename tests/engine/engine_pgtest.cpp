// The engine conformance suite on the PostgreSQL server that tests/run.sh starts
// (CHANCERY_TEST_PG); each test starts from an empty schema.
#include <soci/postgresql/soci-postgresql.h>

#include <cstdlib>

#include "engine_fixture.hpp"

namespace chancery::testing {
std::string freshStoreUrl() {
  const char* url = std::getenv("CHANCERY_TEST_PG");
  if (url == nullptr || *url == '\0') {
    throw std::runtime_error(
        "CHANCERY_TEST_PG is not set: run the pg tests through tests/run.sh, which starts "
        "PostgreSQL (or set it to a postgresql:// URL of an empty test database)");
  }
  soci::session s(soci::postgresql, store::postgresConnectString(url));
  s << "SET client_min_messages = warning";
  s << "DROP SCHEMA public CASCADE";
  s << "CREATE SCHEMA public";
  return url;
}
}  // namespace chancery::testing

#include "engine_conformance.inc"
