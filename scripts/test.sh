#!/usr/bin/env bash
# Sets up a fresh Debian 12 machine and runs every test: a normal build, then the same suite
# under AddressSanitizer + UndefinedBehaviorSanitizer. Pass --quick to skip the sanitizer pass.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
cd "$PROJECT_ROOT"

ensure_packages "${BUILD_PACKAGES[@]}"
ensure_interop_peers
jobs=$(nproc)

echo "== build (RelWithDebInfo, warnings are errors)"
build build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTOKENCACHE_WERROR=ON
echo "== tests"
ctest --test-dir build --output-on-failure -j "$jobs"

if [ "${1:-}" = "--quick" ]; then
    exit 0
fi

echo "== build with AddressSanitizer + UndefinedBehaviorSanitizer"
build build-asan -DCMAKE_BUILD_TYPE=Debug -DTOKENCACHE_SANITIZE=ON -DTOKENCACHE_WERROR=ON
echo "== tests under sanitizers"
# Any report aborts the process with a non-zero status, which fails its test (child processes too).
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:exitcode=86:strict_string_checks=1:detect_stack_use_after_return=1"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:exitcode=87"
export LSAN_OPTIONS="suppressions=$PROJECT_ROOT/tests/lsan.supp:print_suppressions=0"
ctest --test-dir build-asan --output-on-failure -j "$jobs"
