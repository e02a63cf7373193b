#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Builds the libFuzzer harnesses of tests/fuzz with clang (ASan + UBSan, float-cast-overflow too)
# in build-fuzz, only them and the core library, and runs each on a copy of its seed corpus, so the
# repository is not touched. Prints each target's executions, exec/s and time; exits non-zero on
# any finding (crash, sanitizer report, leak, timeout, out of memory) and prints where the input
# that caused it is.
#   scripts/fuzz.sh [SECONDS]   explores: a random seed, SECONDS (default 20) per target
#   scripts/fuzz.sh --runs N    repeats: seed 1, N inputs per target, the same inputs on every
#                               machine for the same code (CI: a finding comes from the change)
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
cd "$PROJECT_ROOT"

usage() {
    echo "usage: scripts/fuzz.sh [SECONDS] | --runs N" >&2
    exit 2
}
if [ "${1:-}" = "--runs" ]; then
    [[ "${2:-}" =~ ^[1-9][0-9]*$ ]] || usage
    budget=(-seed=1 -runs="$2")
    described="seed 1, $2 runs each"
    export QT_HASH_SEED=0 # QHash's order, and so the coverage seen, the same on every run
else
    seconds="${1:-20}"
    [[ "$seconds" =~ ^[1-9][0-9]*$ ]] || usage
    budget=(-max_total_time="$seconds")
    described="${seconds} s each"
fi
targets=(resp token jwt redis_url config)

# libFuzzer's runtime for clang 14 comes from libclang-rt-14-dev, which clang-14 only recommends.
ensure_packages "${BUILD_PACKAGES[@]}" clang-14 libclang-rt-14-dev

echo "tokencache: building the fuzzers (clang, build-fuzz)"
# A folder configured with another compiler is configured anew (CMake would drop the options).
cache="$PROJECT_ROOT/build-fuzz/CMakeCache.txt"
if [ -f "$cache" ] && ! grep -q '^CMAKE_CXX_COMPILER:[A-Z]*=.*clang++-14$' "$cache"; then
    rm -f "$cache"
fi
# Debug keeps Q_ASSERT and assert() on; -O1 keeps the fuzzers fast.
cmake -S "$PROJECT_ROOT" -B "$PROJECT_ROOT/build-fuzz" -G Ninja -DCMAKE_CXX_COMPILER=clang++-14 \
    -DCMAKE_BUILD_TYPE=Debug "-DCMAKE_CXX_FLAGS_DEBUG=-g -O1" -DTOKENCACHE_FUZZ=ON >/dev/null
cmake --build "$PROJECT_ROOT/build-fuzz" --target fuzzers --parallel "$(nproc)"

# Working corpora and scratch files in memory where possible; findings in a folder that is kept.
scratch_parent=/dev/shm
[ -d "$scratch_parent" ] && [ -w "$scratch_parent" ] || scratch_parent="${TMPDIR:-/tmp}"
work="$(mktemp -d "$scratch_parent/tokencache-fuzz.XXXXXX")"
artifacts="$(mktemp -d "${TMPDIR:-/tmp}/tokencache-fuzz-findings.XXXXXX")"
cleanup() {
    rm -rf "$work"
    rmdir "$artifacts" 2>/dev/null || true # kept when it holds findings
}
trap cleanup EXIT

failed=()
summary=()
for name in "${targets[@]}"; do
    corpus="$work/$name/corpus"
    mkdir -p "$corpus" "$work/$name/tmp" "$artifacts/$name"
    cp -R "tests/fuzz/corpus/$name/." "$corpus/"
    log="$work/$name/log"
    echo "== fuzz_$name: $described"
    start=$(date +%s%N)
    options=("${budget[@]}" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
        -artifact_prefix="$artifacts/$name/")
    [ -f "tests/fuzz/$name.dict" ] && options+=(-dict="tests/fuzz/$name.dict")
    status=0
    TMPDIR="$work/$name/tmp" "build-fuzz/tests/fuzz/fuzz_$name" "${options[@]}" "$corpus" >"$log" 2>&1 || status=$?
    elapsed_ms=$((($(date +%s%N) - start) / 1000000))
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    added=$(sed -n 's/^stat::new_units_added: *//p' "$log" | tail -1)
    line=$(printf "fuzz_%-10s %10s runs  %7s exec/s  %5s new units  %4d.%d s" \
        "$name" "${runs:-?}" "${rate:-?}" "${added:-?}" $((elapsed_ms / 1000)) $((elapsed_ms % 1000 / 100)))
    echo "$line"
    summary+=("$line")
    found=$(find "$artifacts/$name" -type f | sort)
    if [ "$status" -ne 0 ] || [ -n "$found" ]; then
        echo "!! fuzz_$name found a problem (exit status $status):"
        grep -v -E '^(#[0-9]+|INFO:|stat::)' "$log" | tail -n 60 || true
        for input in $found; do
            echo "!! input: $input"
        done
        echo "!! replay it: build-fuzz/tests/fuzz/fuzz_$name ${found%%$'\n'*}"
        echo "!! keep it as a regression test: tests/fuzz/crashers/$name/"
        failed+=("$name")
    fi
    rmdir "$artifacts/$name" 2>/dev/null || true
done

echo "== fuzz summary ($described)"
printf '%s\n' "${summary[@]}"
if [ ${#failed[@]} -gt 0 ]; then
    echo "tokencache: fuzzers with findings: ${failed[*]}; inputs under $artifacts" >&2
    exit 1
fi
