#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Sets up a fresh Debian 12 machine and runs every test: a normal build, the fuzzers (a fixed seed,
# 100000 inputs each), then the same suite under AddressSanitizer + UndefinedBehaviorSanitizer.
# Pass --quick to skip the fuzzers and the sanitizer pass. Each stage prints its time.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
cd "$PROJECT_ROOT"

stage_start=$SECONDS
stage() { # NAME: ends the previous stage with its time, starts the next
    echo "   (stage took $((SECONDS - stage_start)) s)"
    stage_start=$SECONDS
    echo "== $1"
}

echo "== packages"
ensure_packages "${BUILD_PACKAGES[@]}" "${PACKAGE_CHECK_PACKAGES[@]}" "${KEYCHAIN_TEST_PACKAGES[@]}" clang-format-14 shellcheck
ensure_interop_peers
ensure_promtool
jobs=$(nproc)

stage "lint: clang-format and shellcheck"
git ls-files '*.cpp' '*.h' | xargs clang-format-14 --dry-run -Werror
shellcheck -x scripts/*.sh .ci/run
shellcheck --severity=warning tests/package/*.sh

stage "build (RelWithDebInfo, warnings are errors)"
# Installed under /usr, as the .deb does: the GUI module goes to the multiarch private library dir.
build build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTOKENCACHE_WERROR=ON -DCMAKE_INSTALL_PREFIX=/usr
stage "tests"
ctest --test-dir build --output-on-failure -j "$jobs"

if [ "${1:-}" = "--quick" ]; then
    stage "done (--quick: no fuzzers, no sanitizer pass)"
    exit 0
fi

stage "fuzzers (seed 1, 100000 inputs each: the same inputs on every machine)"
scripts/fuzz.sh --runs 100000

stage "build with AddressSanitizer + UndefinedBehaviorSanitizer"
build build-asan -DCMAKE_BUILD_TYPE=Debug -DTOKENCACHE_SANITIZE=ON -DTOKENCACHE_WERROR=ON
stage "tests under sanitizers"
# Any report aborts the process with a non-zero status, which fails its test (child processes too).
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:exitcode=86:strict_string_checks=1:detect_stack_use_after_return=1"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:exitcode=87"
export LSAN_OPTIONS="suppressions=$PROJECT_ROOT/tests/lsan.supp:print_suppressions=0"
ctest --test-dir build-asan --output-on-failure -j "$jobs"
stage "done: $SECONDS s in all"
