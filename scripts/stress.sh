#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# The suite five times in a row on a loaded machine: ctest --repeat until-fail:5 beside
# stress-ng --cpu 2 (two busy cores, as CI has). A test that depends on timing fails here first.
# Uses the normal build (scripts/test.sh makes it). Not part of CI: it takes five suites' time.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
cd "$PROJECT_ROOT"
ensure_packages "${BUILD_PACKAGES[@]}" stress-ng
build build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTOKENCACHE_WERROR=ON
stress-ng --cpu 2 --timeout 3600 --quiet &
load=$!
trap 'kill "$load" 2>/dev/null || true' EXIT
ctest --test-dir build --output-on-failure -j "$(nproc)" --repeat until-fail:5
