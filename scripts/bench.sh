#!/usr/bin/env bash
# Benchmarks, printed side by side with a reference run on the same machine in the same run.
# Figures only: the exit status is non-zero for a broken run, never for a slow figure.
#
#   stampede: N concurrent cold processes fetching one token, for N = 10, 30, 100:
#             token endpoint calls with `tokencache --headless get` vs the plain cache-aside
#             pattern (tests/interop/plain-service.mjs on ioredis), against oidc-provider.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
cd "$PROJECT_ROOT"

ensure_packages "${BUILD_PACKAGES[@]}"
ensure_interop_peers
build build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
tokencache="$PROJECT_ROOT/build/app/tokencache"

work=$(mktemp -d)
pids=()
cleanup() { kill "${pids[@]}" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

redis_port=$(free_port)
redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --dir "$work" >"$work/redis.log" 2>&1 &
pids+=($!)
node tests/interop/oidc-server.mjs 0 3600 >"$work/oidc.log" 2>/dev/null &
pids+=($!)
for _ in $(seq 100); do
    grep -q listening "$work/oidc.log" 2>/dev/null && redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break
    sleep 0.1
done
oidc_port=$(awk '/listening/ {print $2}' "$work/oidc.log")
[ -n "$oidc_port" ] || { echo "bench: oidc-provider did not start" >&2; exit 1; }
token_url="http://127.0.0.1:$oidc_port/token"
redis_url="redis://127.0.0.1:$redis_port/0"

export TOKENCACHE_CONFIG="$work/config.json" TOKENCACHE_REDIS_URL="$redis_url" BENCH_SECRET=basic-secret
"$tokencache" --headless profiles add bench --token-url "$token_url" --client-id basic-client \
    --client-secret env:BENCH_SECRET >/dev/null

calls() { curl -s "http://127.0.0.1:$oidc_port/__count"; }
reset() { redis-cli -p "$redis_port" flushall >/dev/null; curl -s -X POST "http://127.0.0.1:$oidc_port/__reset" >/dev/null; }

# run_concurrently N COMMAND...: starts N copies at once, waits for all, prints how many distinct tokens they printed.
run_concurrently() {
    local n=$1; shift
    local out="$work/out"; rm -rf "$out"; mkdir -p "$out"
    local children=()
    for i in $(seq "$n"); do "$@" >"$out/$i" 2>>"$work/errors" & children+=($!); done
    wait "${children[@]}" || true
    sort -u "$out"/* | grep -c . || true
}

echo "Stampede: N concurrent cold processes, token endpoint calls (oidc-provider on loopback)"
printf '%6s  %12s  %12s  %16s  %16s\n' N tokencache plain-pattern "tokens (tc)" "tokens (plain)"
for n in 10 30 100; do
    reset
    tc_tokens=$(run_concurrently "$n" "$tokencache" --headless get bench)
    tc_calls=$(calls)
    reset
    plain_tokens=$(run_concurrently "$n" node tests/interop/plain-service.mjs "$redis_url" oauth2token:bench \
        "$token_url" basic-client basic-secret)
    plain_calls=$(calls)
    printf '%6s  %12s  %12s  %16s  %16s\n' "$n" "$tc_calls" "$plain_calls" "$tc_tokens" "$plain_tokens"
done
