#!/usr/bin/env bash
# Installs everything the tests need, builds, starts the services (PostgreSQL, and
# Postfix + Dovecot, on 127.0.0.1), runs every test (unit, pg, mail, e2e, bench) and
# stops the services.
# Usage: tests/run.sh [ctest arguments...]   e.g. tests/run.sh -L unit
set -euo pipefail
cd "$(dirname "$0")/.."
source deploy/lib.sh

install_packages deploy/packages-build.txt tests/packages.txt
werror=OFF
if [ -n "${CI:-}" ]; then werror=ON; fi
build_chancery build -DCHANCERY_WERROR=$werror

cleanup() {
  tests/services/mailstack.sh stop >/dev/null 2>&1 || true
  tests/services/postgres.sh stop >/dev/null 2>&1 || true
}
trap cleanup EXIT
CHANCERY_TEST_PG=$(tests/services/postgres.sh start)
export CHANCERY_TEST_PG
echo "PostgreSQL for the tests: $CHANCERY_TEST_PG" >&2
mail_env=$(tests/services/mailstack.sh start)
# shellcheck disable=SC2163,SC2086
export $mail_env
echo "Mail servers for the tests: $mail_env" >&2

ctest --test-dir build --output-on-failure --timeout 600 -j2 "$@"
