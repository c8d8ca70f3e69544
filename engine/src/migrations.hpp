// Numbered schema migrations. A migration is never edited once released: add a
// new one. Statements are written once with {id}/{bigint} markers that each back
// end spells its own way; `sqliteOnly` holds what only SQLite needs (after `sql`).
#pragma once

#include <string>
#include <vector>

#include "chancery/store/store.hpp"

namespace chancery::store {

struct Migration {
  int version;
  std::string name;
  std::vector<std::string> sql;
  std::vector<std::string> sqliteOnly = {};
  std::vector<std::string> statements(Backend backend) const;
};

const std::vector<Migration>& migrations();
int latestMigration();

}  // namespace chancery::store
