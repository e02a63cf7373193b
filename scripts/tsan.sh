#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# ThreadSanitizer over the code that runs on several threads: the window on a real Redis
# (benchmarks/bench_gui: the session thread, value parsing on its own thread, background sorting
# and filtering, syncs) and the model's tests. Redis is started here, not by the tests' support
# code: QProcess starts children with clone(), which the TSan runtime does not survive.
# Suppressions (tests/tsan.supp) cover Qt's and GLib's own code only. Not part of CI: it takes a
# build of its own. Exits non-zero when TSan reports anything.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
source "$(dirname "$0")/lib/demo.sh"
cd "$PROJECT_ROOT"
ensure_packages "${BUILD_PACKAGES[@]}"
ensure_interop_peers
cmake -S . -B build-tsan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTOKENCACHE_TSAN=ON >/dev/null
cmake --build build-tsan --target bench_gui tst_TokenTableModel tst_CacheEntry

work=$(mktemp -d)
start_private_redis "$work"
trap 'kill "$PRIVATE_REDIS_PID" 2>/dev/null || true; rm -rf "$work"' EXIT
# 30,000 rows: above the size from which sorting and filtering run in the background.
node tests/interop/bench-data-mixed.mjs 30000 60000 | redis-cli -p "$PRIVATE_REDIS_PORT" --pipe >/dev/null

export TSAN_OPTIONS="halt_on_error=0 history_size=4 suppressions=$PROJECT_ROOT/tests/tsan.supp"
export QT_QPA_PLATFORM=offscreen
status=0
run() {
    echo "== $*"
    "$@" >"$work/out" 2>&1 || true
    local reports
    reports=$(grep -c "WARNING: ThreadSanitizer" "$work/out" || true)
    grep -E "full table|Totals" "$work/out" || true
    echo "   ThreadSanitizer reports: $reports"
    if [ "$reports" != 0 ]; then cat "$work/out"; status=1; fi
}
run build-tsan/benchmarks/bench_gui "redis://127.0.0.1:$PRIVATE_REDIS_PORT/0" 3
run build-tsan/tests/ui/tst_TokenTableModel
run build-tsan/tests/core/tst_CacheEntry
exit "$status"
