#!/usr/bin/env bash
# Quick start on a fresh Debian 12 machine (as root): installs what is missing,
# builds Chancery, and runs the demo scenario on the embedded SQLite default.
set -euo pipefail
cd "$(dirname "$0")/.."
source deploy/lib.sh

install_packages deploy/packages-build.txt
build_chancery build -DCHANCERY_TESTS=OFF
exec deploy/demo.sh build/adapters/cli/chancery
