// The child of the crash test: acts on documents in a loop and reports each
// committed change on stdout ("moved DOC VERSION" / "registered DOC NUMBER"),
// until it is killed. Usage: engine_crash_child DB_URL WORKFLOWS_DIR SEED
#include <cstdio>
#include <random>
#include <string>

#include "chancery/engine/engine.hpp"

int main(int argc, char** argv) {
  if (argc != 4) return 2;
  chancery::store::StoreOptions options;
  options.url = argv[1];
  options.poolSize = 1;  // FULL synchronous: the default, as in production
  chancery::store::Store store(options);
  store.migrate();
  chancery::SystemClock clock;
  chancery::Engine engine(store, clock, argv[2]);
  try {
    engine.addUser("clerk", {"clerk"}, "");
  } catch (const chancery::RuleError&) {
    // Already there from an earlier run.
  }
  std::mt19937 rng(static_cast<unsigned>(std::stoul(argv[3])));
  chancery::NewDocument pp;
  pp.kind = "ping-pong";
  pp.subject = "crash";
  pp.drafter = "clerk";
  chancery::DocumentId current = engine.createDocument(pp);
  std::printf("created %lld\n", current);
  std::fflush(stdout);
  for (;;) {
    int choice = static_cast<int>(rng() % 10);
    if (choice < 2) {
      chancery::NewDocument qr;
      qr.kind = "quick-register";
      qr.subject = "numbered";
      qr.drafter = "clerk";
      chancery::DocumentId id = engine.createDocument(qr);
      chancery::ActRequest r{id, "register", "clerk", "", std::nullopt};
      auto result = engine.act(r);
      std::printf("registered %lld %s\n", id, result.registryNumber.value_or("?").c_str());
    } else {
      chancery::ActRequest r{current, choice < 6 ? "flip" : "sign-off", "clerk", "", std::nullopt};
      try {
        auto result = engine.act(r);
        std::printf("moved %lld %lld\n", current, result.rowVersion);
      } catch (const chancery::RuleError&) {
        chancery::ActRequest f{current, "flip", "clerk", "", std::nullopt};
        auto result = engine.act(f);
        std::printf("moved %lld %lld\n", current, result.rowVersion);
      }
    }
    std::fflush(stdout);
  }
}
