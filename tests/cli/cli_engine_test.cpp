// The store-backed commands (`init`, `user`, `doc`, `act`, `inbox`, `jobs`,
// `audit`), run as the real executable against a fresh SQLite file per test.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>
#include <stdlib.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

struct Outcome {
  int exitCode = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};

// One argument for /bin/sh, quoted so that nothing in it is interpreted.
std::string shellQuote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

std::string readFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

int currentYear() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  return tm.tm_year + 1900;
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

class CliEngine : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "chancery-cli-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    db_ = dir_ / "chancery.db";
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  // Runs `chancery --db sqlite:DB ARGS...` with `env` (NAME=VALUE ...) prepended.
  Outcome run(const std::vector<std::string>& args, const std::string& env = "") {
    std::string cmd = env.empty() ? "" : "env " + env + " ";
    cmd += std::string(CHANCERY_BINARY) + " --db " + shellQuote("sqlite:" + db_.string());
    for (const auto& a : args) cmd += " " + shellQuote(a);
    return runShell(cmd);
  }

  Outcome runShell(const std::string& command) {
    fs::path errFile = dir_ / "stderr.txt";
    std::string cmd = command + " 2>" + shellQuote(errFile.string()) + " </dev/null";
    FILE* pipe = popen(cmd.c_str(), "r");
    Outcome o;
    if (!pipe) return o;
    std::array<char, 4096> buf{};
    while (std::size_t n = fread(buf.data(), 1, buf.size(), pipe)) o.out.append(buf.data(), n);
    int status = pclose(pipe);
    o.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    o.err = readFile(errFile);
    return o;
  }

  // Direct SQL on the test database, as an intruder or an older/newer binary would.
  void sqlExec(const std::string& statement) {
    soci::session s(soci::sqlite3, "db=" + db_.string());
    s << statement;
  }
  long long sqlCount(const std::string& query) {
    soci::session s(soci::sqlite3, "db=" + db_.string());
    long long n = -1;
    s << query, soci::into(n);
    return n;
  }

  fs::path writeFile(const std::string& name, const std::string& content) {
    fs::path p = dir_ / name;
    std::ofstream(p, std::ios::binary) << content;
    return p;
  }

  // init plus the people of a division: a desk officer, the head of division, the
  // director, a registry clerk, and a desk officer who also heads the division.
  void initWithStaff() {
    ASSERT_EQ(run({"init"}).exitCode, 0);
    for (std::vector<std::string> user :
         {std::vector<std::string>{"alice", "--role", "drafter", "--department", "Europe"},
          {"bob", "--role", "head-of-division", "--department", "Europe"},
          {"carol", "--role", "director"},
          {"erin", "--role", "registry"},
          {"dave", "--role", "drafter,head-of-division", "--department", "Europe"}}) {
      user.insert(user.begin(), {"user", "add"});
      Outcome r = run(user);
      ASSERT_EQ(r.exitCode, 0) << r.err;
    }
  }

  // A new note verbale drafted by `drafter`; returns its id as printed.
  std::string newNote(const std::string& drafter) {
    fs::path content = writeFile(
        "note.xml",
        "<note-verbale><paragraph>inform the Embassy that the humanitarian mission will "
        "arrive on 2 December 2026.</paragraph></note-verbale>");
    Outcome r = run({"doc", "new", "--kind", "note-verbale", "--subject",
                     "Visa facilitation for the humanitarian mission", "--content",
                     content.string(), "--to", "embassy@example.org", "--as", drafter});
    EXPECT_EQ(r.exitCode, 0) << r.err;
    EXPECT_FALSE(r.out.empty());
    if (!r.out.empty() && r.out.back() == '\n') r.out.pop_back();
    return r.out;
  }

  void act(const std::string& id, const std::string& action, const std::string& user,
           const std::string& comment = "") {
    std::vector<std::string> args = {"act", id, action, "--as", user};
    if (!comment.empty()) {
      args.push_back("--comment");
      args.push_back(comment);
    }
    Outcome r = run(args);
    ASSERT_EQ(r.exitCode, 0) << action << " by " << user << ": " << r.err;
  }

  Poco::JSON::Object::Ptr showJson(const std::string& id) {
    Outcome r = run({"doc", "show", id, "--json"});
    EXPECT_EQ(r.exitCode, 0) << r.err;
    return Poco::JSON::Parser().parse(r.out).extract<Poco::JSON::Object::Ptr>();
  }

  fs::path dir_;
  fs::path db_;
};

TEST_F(CliEngine, InitCreatesTheSchemaAndIsHarmlessTwice) {
  Outcome first = run({"init"});
  EXPECT_EQ(first.exitCode, 0) << first.err;
  long long migrations = sqlCount("SELECT count(*) FROM schema_migrations");
  ASSERT_GE(migrations, 1);
  EXPECT_EQ(first.out, "database ready: schema version " + std::to_string(migrations) + "\n");
  ASSERT_EQ(run({"user", "add", "alice", "--role", "drafter"}).exitCode, 0);
  Outcome second = run({"init"});
  EXPECT_EQ(second.exitCode, 0) << second.err;
  EXPECT_EQ(second.out, first.out);
  EXPECT_EQ(sqlCount("SELECT count(*) FROM schema_migrations"), migrations);
  EXPECT_EQ(sqlCount("SELECT count(*) FROM users"), 1);
}

TEST_F(CliEngine, AnUninitialisedDatabaseAsksForInit) {
  Outcome missing = run({"user", "list"});
  EXPECT_EQ(missing.exitCode, 3);
  EXPECT_TRUE(contains(missing.err, "chancery init")) << missing.err;
  EXPECT_FALSE(fs::exists(db_)) << "a mistyped --db must not leave an empty database behind";

  writeFile("chancery.db", "");
  Outcome empty = run({"doc", "show", "1"});
  EXPECT_EQ(empty.exitCode, 3);
  EXPECT_TRUE(contains(empty.err, "not initialised")) << empty.err;
  EXPECT_TRUE(contains(empty.err, "chancery init")) << empty.err;
}

TEST_F(CliEngine, ANewerSchemaIsRefusedAndLeftUntouched) {
  ASSERT_EQ(run({"init"}).exitCode, 0);
  ASSERT_EQ(run({"user", "add", "alice", "--role", "drafter"}).exitCode, 0);
  long long migrations = sqlCount("SELECT count(*) FROM schema_migrations");
  sqlExec("INSERT INTO schema_migrations (version, name, applied_at_ms) VALUES (999, 'future', 0)");
  std::string before = readFile(db_);
  ASSERT_FALSE(before.empty());

  for (const auto& args :
       std::vector<std::vector<std::string>>{{"init"},
                                             {"user", "add", "bob", "--role", "drafter"},
                                             {"user", "list"},
                                             {"audit", "verify"}}) {
    Outcome r = run(args);
    EXPECT_EQ(r.exitCode, 3) << args[0] << ": " << r.out << r.err;
    EXPECT_TRUE(contains(r.err, "999")) << r.err;
    EXPECT_TRUE(contains(r.err, "newer chancery")) << r.err;
  }
  EXPECT_EQ(readFile(db_), before) << "the database file changed";
  EXPECT_EQ(sqlCount("SELECT count(*) FROM schema_migrations"), migrations + 1);
  EXPECT_EQ(sqlCount("SELECT count(*) FROM users"), 1);
}

TEST_F(CliEngine, UsersAreAddedAndListed) {
  ASSERT_EQ(run({"init"}).exitCode, 0);
  Outcome add = run({"user", "add", "alice", "--role", "drafter, head-of-division", "--role",
                     "legal", "--department", "Europe"});
  EXPECT_EQ(add.exitCode, 0) << add.err;
  EXPECT_TRUE(contains(add.out, "alice")) << add.out;
  ASSERT_EQ(run({"user", "add", "bob", "--role", "director"}).exitCode, 0);

  Outcome list = run({"user", "list"});
  EXPECT_EQ(list.exitCode, 0) << list.err;
  EXPECT_TRUE(contains(list.out, "drafter, head-of-division, legal")) << list.out;
  EXPECT_TRUE(contains(list.out, "Europe")) << list.out;
  EXPECT_LT(list.out.find("alice"), list.out.find("bob"));

  Outcome json = run({"user", "list", "--json"});
  ASSERT_EQ(json.exitCode, 0) << json.err;
  auto users = Poco::JSON::Parser().parse(json.out).extract<Poco::JSON::Array::Ptr>();
  ASSERT_EQ(users->size(), 2u);
  auto alice = users->getObject(0);
  EXPECT_EQ(alice->getValue<std::string>("name"), "alice");
  EXPECT_EQ(alice->getValue<std::string>("department"), "Europe");
  EXPECT_EQ(alice->getArray("roles")->size(), 3u);

  Outcome again = run({"user", "add", "alice", "--role", "drafter"});
  EXPECT_EQ(again.exitCode, 1);
  EXPECT_TRUE(contains(again.err, "chancery: invalid-input: ")) << again.err;
  EXPECT_TRUE(contains(again.err, "already exists")) << again.err;
}

TEST_F(CliEngine, AHostileUserNameIsRefusedAndHarmsNothing) {
  ASSERT_EQ(run({"init"}).exitCode, 0);
  ASSERT_EQ(run({"user", "add", "alice", "--role", "drafter"}).exitCode, 0);
  Outcome r = run({"user", "add", "x'); DROP TABLE users;--", "--role", "drafter"});
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_TRUE(contains(r.err, "chancery: invalid-input: ")) << r.err;
  EXPECT_TRUE(contains(r.err, "is not allowed")) << r.err;
  EXPECT_EQ(sqlCount("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'users'"),
            1);
  EXPECT_EQ(sqlCount("SELECT count(*) FROM users"), 1);
  Outcome list = run({"user", "list"});
  EXPECT_EQ(list.exitCode, 0) << list.err;
  EXPECT_TRUE(contains(list.out, "alice"));
}

TEST_F(CliEngine, TheNoteVerbaleWalksFromDraftToItsRegistryNumber) {
  initWithStaff();
  std::string id = newNote("alice");
  ASSERT_FALSE(id.empty());
  EXPECT_EQ(id.find_first_not_of("0123456789"), std::string::npos)
      << "doc new prints the id alone: '" << id << "'";

  Outcome submit = run({"act", id, "submit", "--as", "alice"});
  ASSERT_EQ(submit.exitCode, 0) << submit.err;
  EXPECT_EQ(submit.out, "document " + id + ": draft → division-review\n");

  Outcome bare = run({"act", id, "return", "--as", "bob"});
  EXPECT_EQ(bare.exitCode, 1);
  EXPECT_TRUE(contains(bare.err, "chancery: comment-required: ")) << bare.err;
  EXPECT_EQ(showJson(id)->getValue<std::string>("state"), "division-review");

  act(id, "return", "bob", "Paragraph 2: cite the 2018 agreement");
  // Content is checked against its kind's schema, with line and column.
  fs::path wrong = writeFile("wrong.xml",
                             "<note-verbale>\n  <paragraph>ok</paragraph>\n  <p>not a paragraph</p>\n"
                             "</note-verbale>\n");
  Outcome refused = run({"doc", "edit", id, "--content", wrong.string(), "--as", "alice"});
  EXPECT_EQ(refused.exitCode, 1);
  EXPECT_TRUE(contains(refused.err, "content:3:3: error:")) << refused.err;
  EXPECT_TRUE(contains(refused.err, "[content-schema]")) << refused.err;
  fs::path revised = writeFile("revised.xml", "<note-verbale><paragraph>Revised</paragraph></note-verbale>");
  Outcome edit = run({"doc", "edit", id, "--content", revised.string(), "--as", "alice"});
  ASSERT_EQ(edit.exitCode, 0) << edit.err;
  EXPECT_EQ(edit.out, "2\n");
  act(id, "submit", "alice");
  act(id, "approve", "bob");
  Outcome initial = run({"act", id, "initial", "--as", "carol"});
  ASSERT_EQ(initial.exitCode, 0) << initial.err;
  std::string number = "NV-0001/" + std::to_string(currentYear());
  EXPECT_TRUE(contains(initial.out, "signature → registration")) << initial.out;
  EXPECT_TRUE(contains(initial.out, number)) << initial.out;

  auto doc = showJson(id);
  EXPECT_EQ(doc->getValue<std::string>("registryNumber"), number);
  EXPECT_EQ(doc->getValue<std::string>("state"), "registration");
  EXPECT_EQ(doc->getValue<int>("revision"), 2);
  EXPECT_EQ(doc->getValue<std::string>("kind"), "note-verbale");
  EXPECT_EQ(doc->getValue<std::string>("drafter"), "alice");
  EXPECT_EQ(doc->getValue<std::string>("content"), "<note-verbale><paragraph>Revised</paragraph></note-verbale>");
  auto workflow = doc->getObject("workflow");
  EXPECT_EQ(workflow->getValue<std::string>("name"), "note-verbale");
  EXPECT_EQ(workflow->getValue<int>("version"), 1);
  EXPECT_EQ(workflow->getValue<std::string>("sha256").size(), 64u);
  ASSERT_EQ(doc->getArray("recipients")->size(), 1u);
  EXPECT_EQ(doc->getArray("recipients")->getElement<std::string>(0), "embassy@example.org");

  Outcome shown = run({"doc", "show", id});
  EXPECT_EQ(shown.exitCode, 0) << shown.err;
  EXPECT_TRUE(contains(shown.out, number)) << shown.out;
  EXPECT_TRUE(contains(shown.out, "note-verbale@1")) << shown.out;

  // Every step, in order, with its actor and the return's comment.
  Outcome history = run({"doc", "history", id, "--json"});
  ASSERT_EQ(history.exitCode, 0) << history.err;
  auto events = Poco::JSON::Parser().parse(history.out).extract<Poco::JSON::Array::Ptr>();
  struct Expected {
    const char *kind, *action, *actor, *from, *to;
  };
  const std::vector<Expected> expected = {
      {"created", "", "alice", "", "draft"},
      {"action", "submit", "alice", "draft", "division-review"},
      {"action", "return", "bob", "division-review", "draft"},
      {"edited", "", "alice", "draft", "draft"},
      {"action", "submit", "alice", "draft", "division-review"},
      {"action", "approve", "bob", "division-review", "signature"},
      {"action", "initial", "carol", "signature", "registration"},
      {"registered", "assign-number", "carol", "registration", "registration"},
  };
  ASSERT_GE(events->size(), expected.size()) << history.out;
  long long previousSeq = 0;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    auto e = events->getObject(static_cast<unsigned>(i));
    EXPECT_EQ(e->getValue<std::string>("kind"), expected[i].kind) << i;
    EXPECT_EQ(e->getValue<std::string>("action"), expected[i].action) << i;
    EXPECT_EQ(e->getValue<std::string>("actor"), expected[i].actor) << i;
    EXPECT_EQ(e->getValue<std::string>("from"), expected[i].from) << i;
    EXPECT_EQ(e->getValue<std::string>("to"), expected[i].to) << i;
    EXPECT_GT(e->getValue<long long>("seq"), previousSeq);
    previousSeq = e->getValue<long long>("seq");
    std::string at = e->getValue<std::string>("at");
    EXPECT_EQ(at.size(), 20u) << at;
    EXPECT_EQ(at.back(), 'Z') << at;
  }
  EXPECT_EQ(events->getObject(2)->getValue<std::string>("comment"),
            "Paragraph 2: cite the 2018 agreement");
  EXPECT_TRUE(contains(events->getObject(7)->getValue<std::string>("detail"), number));

  Outcome text = run({"doc", "history", id});
  EXPECT_EQ(text.exitCode, 0) << text.err;
  EXPECT_TRUE(contains(text.out, "comment: Paragraph 2: cite the 2018 agreement")) << text.out;
  EXPECT_TRUE(contains(text.out, "draft → division-review")) << text.out;
  EXPECT_LT(text.out.find("return"), text.out.find("initial"));
}

TEST_F(CliEngine, AWrongRoleIsForbiddenAndToldTheRoles) {
  initWithStaff();
  std::string id = newNote("alice");
  act(id, "submit", "alice");
  Outcome r = run({"act", id, "approve", "--as", "carol"});
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_TRUE(contains(r.err, "chancery: forbidden: ")) << r.err;
  EXPECT_TRUE(contains(r.err, "head-of-division")) << r.err;
  EXPECT_EQ(showJson(id)->getValue<std::string>("state"), "division-review");

  Outcome stranger = run({"act", id, "approve", "--as", "nobody"});
  EXPECT_EQ(stranger.exitCode, 1);
  EXPECT_TRUE(contains(stranger.err, "chancery: not-found: ")) << stranger.err;
}

TEST_F(CliEngine, ADrafterMayNotApproveTheirOwnNote) {
  initWithStaff();
  std::string id = newNote("dave");  // dave drafts and also heads the division
  act(id, "submit", "dave");
  Outcome own = run({"act", id, "approve", "--as", "dave"});
  EXPECT_EQ(own.exitCode, 1);
  EXPECT_TRUE(contains(own.err, "chancery: forbidden: ")) << own.err;
  EXPECT_TRUE(contains(own.err, "separation of duties")) << own.err;
  EXPECT_EQ(showJson(id)->getValue<std::string>("state"), "division-review");
  act(id, "approve", "bob");
  EXPECT_EQ(showJson(id)->getValue<std::string>("state"), "signature");
}

TEST_F(CliEngine, AnInvalidActionListsThePossibleOnes) {
  initWithStaff();
  std::string id = newNote("alice");
  act(id, "submit", "alice");
  Outcome r = run({"act", id, "initial", "--as", "carol"});
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_TRUE(contains(r.err, "chancery: invalid-action: ")) << r.err;
  EXPECT_TRUE(contains(r.err, "approve, return")) << r.err;

  Outcome missing = run({"doc", "show", "999"});
  EXPECT_EQ(missing.exitCode, 1);
  EXPECT_TRUE(contains(missing.err, "chancery: not-found: ")) << missing.err;
}

TEST_F(CliEngine, AStaleViewIsAConflict) {
  initWithStaff();
  std::string id = newNote("alice");
  long long seen = showJson(id)->getValue<long long>("rowVersion");
  act(id, "submit", "alice");
  Outcome r = run({"act", id, "submit", "--as", "alice", "--expect-version", std::to_string(seen)});
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_TRUE(contains(r.err, "chancery: conflict: ")) << r.err;
}

TEST_F(CliEngine, TheInboxShowsWhatAwaitsEachPerson) {
  initWithStaff();
  std::string id = newNote("alice");
  act(id, "submit", "alice");

  Outcome bob = run({"inbox", "--as", "bob", "--json"});
  ASSERT_EQ(bob.exitCode, 0) << bob.err;
  auto items = Poco::JSON::Parser().parse(bob.out).extract<Poco::JSON::Array::Ptr>();
  ASSERT_EQ(items->size(), 1u) << bob.out;
  auto item = items->getObject(0);
  EXPECT_EQ(std::to_string(item->getValue<long long>("id")), id);
  EXPECT_EQ(item->getValue<std::string>("state"), "division-review");
  EXPECT_EQ(item->getValue<std::string>("kind"), "note-verbale");
  auto actions = item->getArray("actions");
  ASSERT_EQ(actions->size(), 2u);
  EXPECT_EQ(actions->getElement<std::string>(0), "approve");
  EXPECT_EQ(actions->getElement<std::string>(1), "return");

  Outcome bobText = run({"inbox", "--as", "bob"});
  EXPECT_TRUE(contains(bobText.out, "Visa facilitation")) << bobText.out;
  EXPECT_TRUE(contains(bobText.out, "approve, return")) << bobText.out;

  for (const char* other : {"carol", "alice", "erin"}) {
    Outcome r = run({"inbox", "--as", other, "--json"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_EQ(Poco::JSON::Parser().parse(r.out).extract<Poco::JSON::Array::Ptr>()->size(), 0u)
        << other << ": " << r.out;
  }
  EXPECT_TRUE(contains(run({"inbox", "--as", "carol"}).out, "nothing awaits carol"));

  act(id, "return", "bob", "Too long");
  Outcome alice = run({"inbox", "--as", "alice"});
  EXPECT_TRUE(contains(alice.out, "submit")) << alice.out;
  // Back in draft, the head of the drafting division may only abandon it.
  Outcome bobAgain = run({"inbox", "--as", "bob", "--json"});
  items = Poco::JSON::Parser().parse(bobAgain.out).extract<Poco::JSON::Array::Ptr>();
  ASSERT_EQ(items->size(), 1u) << bobAgain.out;
  ASSERT_EQ(items->getObject(0)->getArray("actions")->size(), 1u);
  EXPECT_EQ(items->getObject(0)->getArray("actions")->getElement<std::string>(0), "withdraw");
  EXPECT_TRUE(contains(run({"inbox", "--as", "carol"}).out, "nothing awaits carol"));
}

TEST_F(CliEngine, TheAuditTrailIsVerifiedAndTamperingIsFound) {
  initWithStaff();
  std::string id = newNote("alice");
  act(id, "submit", "alice");

  Outcome ok = run({"audit", "verify"});
  EXPECT_EQ(ok.exitCode, 0) << ok.err;
  EXPECT_TRUE(contains(ok.out, "audit trail intact: ")) << ok.out;
  Outcome head = run({"audit", "head"});
  ASSERT_EQ(head.exitCode, 0) << head.err;
  std::string oldHead = head.out.substr(0, head.out.find('\n'));
  EXPECT_EQ(oldHead.size(), 64u);
  EXPECT_TRUE(contains(ok.out, "head " + oldHead)) << ok.out;

  act(id, "return", "bob", "Not yet");
  Outcome kept = run({"audit", "verify", "--head", oldHead});
  EXPECT_EQ(kept.exitCode, 0) << kept.err;
  EXPECT_FALSE(contains(kept.out, oldHead)) << "the head moved on";
  Outcome unknown = run({"audit", "verify", "--head", std::string(64, 'a')});
  EXPECT_EQ(unknown.exitCode, 1) << unknown.out;

  sqlExec("UPDATE events SET comment = 'x' WHERE seq = 3");
  Outcome broken = run({"audit", "verify"});
  EXPECT_EQ(broken.exitCode, 1);
  EXPECT_TRUE(contains(broken.err, "event 3")) << broken.err;
  Outcome json = run({"audit", "verify", "--json"});
  EXPECT_EQ(json.exitCode, 1);
  auto report = Poco::JSON::Parser().parse(json.out).extract<Poco::JSON::Object::Ptr>();
  EXPECT_FALSE(report->getValue<bool>("ok"));
  EXPECT_EQ(report->getValue<long long>("firstBadSeq"), 3);
}

TEST_F(CliEngine, ContentIsReadWithinALimit) {
  initWithStaff();
  fs::path big = dir_ / "big.xml";
  { std::ofstream(big) << "<note-verbale>"; }
  fs::resize_file(big, (4u << 20) + 1);
  Outcome r = run({"doc", "new", "--kind", "note-verbale", "--subject", "Big", "--content",
                   big.string(), "--as", "alice"});
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_TRUE(contains(r.err, "4 MiB")) << r.err;

  Outcome missing = run({"doc", "new", "--kind", "note-verbale", "--subject", "Missing",
                         "--content", (dir_ / "nope.xml").string(), "--as", "alice"});
  EXPECT_EQ(missing.exitCode, 1);
  EXPECT_TRUE(contains(missing.err, "nope.xml")) << missing.err;

  fs::path wrong = writeFile("wrong.xml", "<letter/>");
  Outcome root = run({"doc", "new", "--kind", "note-verbale", "--subject", "Wrong root",
                      "--content", wrong.string(), "--as", "alice"});
  EXPECT_EQ(root.exitCode, 1);
  EXPECT_TRUE(contains(root.err, "chancery: invalid-input: ")) << root.err;
  EXPECT_EQ(sqlCount("SELECT count(*) FROM documents"), 0);
}

TEST_F(CliEngine, SettingsComeFromTheEnvironmentToo) {
  ASSERT_EQ(run({"init"}).exitCode, 0);
  ASSERT_EQ(run({"user", "add", "alice", "--role", "drafter"}).exitCode, 0);
  Outcome viaEnv =
      runShell("env CHANCERY_DB=" + shellQuote("sqlite:" + db_.string()) +
               " CHANCERY_SQLITE_SYNCHRONOUS=NORMAL " + CHANCERY_BINARY + " user list");
  EXPECT_EQ(viaEnv.exitCode, 0) << viaEnv.err;
  EXPECT_TRUE(contains(viaEnv.out, "alice")) << viaEnv.out;

  fs::create_directory(dir_ / "no-workflows");
  Outcome noWorkflows = run({"--workflows", (dir_ / "no-workflows").string(), "doc", "new",
                             "--kind", "note-verbale", "--subject", "S", "--as", "alice"});
  // --workflows after --db: global options may come in any order before the command.
  EXPECT_EQ(noWorkflows.exitCode, 1) << noWorkflows.err;
  EXPECT_TRUE(contains(noWorkflows.err, "no workflow handles documents of kind"))
      << noWorkflows.err;

  Outcome badSync = run({"user", "list"}, "CHANCERY_SQLITE_SYNCHRONOUS=OFF");
  EXPECT_EQ(badSync.exitCode, 2);
  EXPECT_TRUE(contains(badSync.err, "CHANCERY_SQLITE_SYNCHRONOUS")) << badSync.err;
}

TEST_F(CliEngine, JobsRunOnceOrUntilInterrupted) {
  initWithStaff();
  std::string id = newNote("alice");
  act(id, "submit", "alice");
  act(id, "approve", "bob");
  act(id, "initial", "carol");  // registration schedules the render step

  Outcome once = run({"jobs", "run", "--once", "--worker", "test-worker"});
  EXPECT_EQ(once.exitCode, 0) << once.err;
  EXPECT_TRUE(contains(once.out, "jobs: ")) << once.out;
  // The note is rendered from its template, then dispatched through the default
  // channel: a drop folder beside the database.
  EXPECT_TRUE(contains(once.out, "2 done, 0 failed")) << once.out;
  std::string history = run({"doc", "history", id}).out;
  EXPECT_TRUE(contains(history, "rendered")) << history;
  EXPECT_TRUE(contains(history, "dispatch-sent")) << history;
  EXPECT_TRUE(fs::exists(dir_ / "outbox" / "dispatch-1.eml"));
  Outcome track = run({"track", id});
  EXPECT_EQ(track.exitCode, 0) << track.err;
  EXPECT_TRUE(contains(track.out, "status sent")) << track.out;

  // Ctrl-C once it says it is running (however long a loaded machine takes to start it).
  fs::path out = dir_ / "loop.txt";
  Outcome loop = runShell(
      "(" + std::string(CHANCERY_BINARY) + " --db " + shellQuote("sqlite:" + db_.string()) +
      " jobs run > " + shellQuote(out.string()) + " & pid=$!; for i in $(seq 600); do grep -q " +
      "running " + shellQuote(out.string()) + " && break; sleep 0.1; done; sleep 0.3; " +
      "kill -INT $pid; wait $pid; status=$?; cat " + shellQuote(out.string()) + "; exit $status)");
  EXPECT_EQ(loop.exitCode, 0) << loop.out << loop.err;
  EXPECT_TRUE(contains(loop.out, "stopped")) << loop.out;
}

// The registry number belongs to the revision that was registered: an earlier draft
// rendered with --revision comes out as it stood, without the number.
TEST_F(CliEngine, AnEarlierDraftRendersWithoutTheRegistryNumber) {
  initWithStaff();
  std::string id = newNote("alice");
  fs::path second = writeFile(
      "second.xml",
      "<note-verbale><paragraph>inform the Embassy that the humanitarian mission will arrive "
      "on 3 December 2026.</paragraph></note-verbale>");
  ASSERT_EQ(run({"doc", "edit", id, "--content", second.string(), "--as", "alice"}).exitCode, 0);
  act(id, "submit", "alice");
  act(id, "approve", "bob");
  act(id, "initial", "carol");
  std::string number = run({"doc", "show", id}).out;
  std::size_t at = number.find("NV-");
  ASSERT_NE(at, std::string::npos) << number;
  number = number.substr(at, number.find_first_of(" \n)", at) - at);

  Outcome current = run({"render", id, "--format", "text"});
  ASSERT_EQ(current.exitCode, 0) << current.err;
  EXPECT_TRUE(contains(current.out, number)) << current.out;
  EXPECT_TRUE(contains(current.out, "3 December 2026")) << current.out;
  Outcome registered = run({"render", id, "--format", "text", "--revision", "2"});
  EXPECT_EQ(registered.out, current.out);

  Outcome draft = run({"render", id, "--format", "text", "--revision", "1"});
  ASSERT_EQ(draft.exitCode, 0) << draft.err;
  EXPECT_FALSE(contains(draft.out, number)) << draft.out;
  EXPECT_TRUE(contains(draft.out, "2 December 2026")) << draft.out;
  EXPECT_TRUE(contains(draft.err, "replaced before document " + id + " was registered"))
      << draft.err;
  EXPECT_EQ(run({"render", id, "--format", "text", "--revision", "3"}).exitCode, 1);
}

// The configuration file is checked key by key; its ministry.time-zone dates the
// documents: a note registered at 21:30 UTC bears the next day's date in Baku.
TEST_F(CliEngine, TheConfigurationIsCheckedAndItsTimeZoneDatesTheDocuments) {
  initWithStaff();
  fs::path unknown = writeFile("unknown.properties", "ministry.timezone = Asia/Baku\n");
  Outcome r = run({"--config", unknown.string(), "user", "list"});
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_TRUE(contains(r.err, "unknown setting 'ministry.timezone'")) << r.err;
  EXPECT_TRUE(contains(r.err, "ministry.time-zone")) << r.err;
  for (const char* zone : {"Nowhere/City", "../../etc/passwd"}) {
    fs::path bad = writeFile("bad.properties", std::string("ministry.time-zone = ") + zone + "\n");
    r = run({"--config", bad.string(), "user", "list"});
    EXPECT_EQ(r.exitCode, 2) << zone;
    EXPECT_TRUE(contains(r.err, "ministry.time-zone")) << r.err;
  }

  std::string id = newNote("alice");
  act(id, "submit", "alice");
  act(id, "approve", "bob");
  act(id, "initial", "carol");
  // 2026-11-28T21:30:00Z
  sqlExec("UPDATE instances SET registered_at_ms = 1795901400000 WHERE document_id = " + id);
  Outcome utc = run({"render", id, "--format", "text"});
  ASSERT_EQ(utc.exitCode, 0) << utc.err;
  EXPECT_TRUE(contains(utc.out, "28\u00a0November\u00a02026")) << utc.out;
  fs::path baku = writeFile("baku.properties", "ministry.time-zone = Asia/Baku\n");
  Outcome local = run({"--config", baku.string(), "render", id, "--format", "text"});
  ASSERT_EQ(local.exitCode, 0) << local.err;
  EXPECT_TRUE(contains(local.out, "29\u00a0November\u00a02026")) << local.out;
}

TEST_F(CliEngine, BackupMakesACheckedCopyAndNeverOverwrites) {
  initWithStaff();
  std::string id = newNote("alice");
  act(id, "submit", "alice");
  fs::path copy = dir_ / "backup.db";
  Outcome backup = run({"backup", copy.string()});
  ASSERT_EQ(backup.exitCode, 0) << backup.err;
  EXPECT_TRUE(contains(backup.out, "integrity ok, audit trail intact")) << backup.out;
  std::string head = backup.out.substr(backup.out.find("head ") + 5, 64);
  Outcome show = runShell(std::string(CHANCERY_BINARY) + " --db " +
                          shellQuote("sqlite:" + copy.string()) + " doc show " + id);
  EXPECT_EQ(show.exitCode, 0) << show.err;
  EXPECT_TRUE(contains(show.out, "division-review")) << show.out;
  Outcome verify = runShell(std::string(CHANCERY_BINARY) + " --db " +
                            shellQuote("sqlite:" + copy.string()) + " audit verify --head " + head);
  EXPECT_EQ(verify.exitCode, 0) << verify.err;

  Outcome again = run({"backup", copy.string()});
  EXPECT_EQ(again.exitCode, 3);
  EXPECT_TRUE(contains(again.err, "already exists")) << again.err;
  EXPECT_EQ(run({"backup"}).exitCode, 2);
}

// status: the counts an operator checks first, and what needs a person (here a render
// job that fails because the templates folder is empty).
TEST_F(CliEngine, StatusShowsTheWorkAndWhatNeedsAttention) {
  initWithStaff();
  Outcome quiet = run({"status"});
  ASSERT_EQ(quiet.exitCode, 0) << quiet.err;
  EXPECT_TRUE(contains(quiet.out, "nothing needs attention")) << quiet.out;

  std::string id = newNote("alice");
  newNote("alice");
  act(id, "submit", "alice");
  act(id, "approve", "bob");
  act(id, "initial", "carol");
  fs::create_directory(dir_ / "no-templates");
  Outcome failed =
      run({"--templates", (dir_ / "no-templates").string(), "jobs", "run", "--once"});
  EXPECT_TRUE(contains(failed.out, "1 failed")) << failed.out << failed.err;

  Outcome status = run({"status"});
  ASSERT_EQ(status.exitCode, 0) << status.err;
  EXPECT_TRUE(contains(status.out, "documents: 2 (")) << status.out;
  EXPECT_TRUE(contains(status.out, "draft 1")) << status.out;
  EXPECT_TRUE(contains(status.out, "needs attention:")) << status.out;
  EXPECT_TRUE(contains(status.out, "1 job(s) failed and will be retried")) << status.out;
  EXPECT_TRUE(contains(status.out, "(step, document " + id + "): attempt 1")) << status.out;

  Outcome json = run({"status", "--json"});
  ASSERT_EQ(json.exitCode, 0) << json.err;
  Poco::JSON::Object::Ptr o = Poco::JSON::Parser().parse(json.out).extract<Poco::JSON::Object::Ptr>();
  EXPECT_EQ(o->getValue<int>("documents"), 2);
  EXPECT_EQ(o->getObject("jobs")->getValue<int>("retrying"), 1);
  EXPECT_EQ(o->getValue<std::string>("auditHead").size(), 64u);
}

TEST_F(CliEngine, UsageMistakesExitWithTwo) {
  ASSERT_EQ(run({"init"}).exitCode, 0);
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"doc"},
           {"doc", "new", "--subject", "S", "--as", "alice"},
           {"doc", "new", "--kind", "note-verbale", "--subject", "S"},
           {"doc", "new", "--kind", "note-verbale", "Loose subject", "--as", "alice"},
           {"doc", "show"},
           {"doc", "show", "abc"},
           {"doc", "show", "0"},
           {"doc", "history", "1", "2"},
           {"doc", "edit", "1", "--as", "alice"},
           {"act", "1"},
           {"act", "1", "submit"},
           {"act", "x", "submit", "--as", "alice"},
           {"act", "1", "submit", "--as", "alice", "--expect-version", "soon"},
           {"act", "1", "submit", "--as", "alice", "--frobnicate"},
           {"inbox"},
           {"inbox", "--as", "alice", "--limit", "0"},
           {"user"},
           {"user", "add", "alice"},
           {"user", "add", "--role", "drafter"},
           {"user", "remove", "alice"},
           {"jobs"},
           {"jobs", "run", "now"},
           {"audit"},
           {"audit", "verify", "--head"},
           {"init", "now"},
           {"--workflows"},
       }) {
    Outcome r = run(args);
    std::string shown;
    for (const auto& a : args) shown += a + " ";
    EXPECT_EQ(r.exitCode, 2) << shown << "\n" << r.out << r.err;
    EXPECT_TRUE(contains(r.err, "chancery: ")) << shown;
  }
  Outcome help = runShell(std::string(CHANCERY_BINARY) + " --help");
  EXPECT_EQ(help.exitCode, 0);
  for (const char* command : {"init", "user add", "user list", "doc new", "doc edit", "doc show",
                              "doc history", "act ID ACTION", "inbox", "jobs run", "audit verify",
                              "audit head", "validate", "workflows show"}) {
    EXPECT_TRUE(contains(help.out, command)) << command;
  }
}

}  // namespace
