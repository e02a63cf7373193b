#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Soak (not in CI): SECONDS (default 60) of RATE (default 50) `tokencache get` per second from
# concurrent processes, against a real Redis and a token endpoint that fails one request in five,
# with Redis restarted twice during the run. Prints what was handed out and what must never be.
# Usage: scripts/soak.sh [SECONDS] [RATE]
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
source "$(dirname "$0")/lib/demo.sh"
cd "$PROJECT_ROOT"

duration=${1:-60}
rate=${2:-50}
lifetime=20 # seconds: short, so tokens expire (and are refreshed) many times during the run
ensure_packages "${BUILD_PACKAGES[@]}"
command -v node >/dev/null 2>&1 || ensure_packages nodejs
build build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
tokencache="$PROJECT_ROOT/build/app/tokencache"

work=$(mktemp -d)
pids=()
cleanup() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

start_private_redis "$work"
redis_port=$PRIVATE_REDIS_PORT
redis_pid=$PRIVATE_REDIS_PID
endpoint_port=$(free_port)
node tests/interop/soak-endpoint.mjs "$endpoint_port" "$lifetime" 5 >"$work/endpoint.log" &
pids+=($!)
until grep -q listening "$work/endpoint.log" 2>/dev/null; do sleep 0.1; done

cat >"$work/config.json" <<JSON
{"version":1,"redis":{"url":"redis://127.0.0.1:$redis_port/0"},"profiles":[
 {"name":"soak","tokenUrl":"http://127.0.0.1:$endpoint_port/token","clientId":"soak","clientSecret":"env:SOAK_SECRET",
  "refreshMarginSeconds":5,"maxAttempts":3,"requestTimeoutMs":2000}]}
JSON
export TOKENCACHE_CONFIG="$work/config.json" SOAK_SECRET=soak-secret
mkdir "$work/runs" "$work/errors"

restart_redis() {
    kill "$redis_pid"; wait "$redis_pid" 2>/dev/null || true
    redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --dir "$work" >/dev/null &
    redis_pid=$!
    echo "  redis restarted at ${1}s"
}

echo "soak: ${duration}s, $rate gets/s, tokens live ${lifetime}s (margin 5 s), 1 in 5 token requests fails"
start=$(date +%s%N)
total=$((duration * rate))
restarts=("$((duration / 3))" "$((2 * duration / 3))")
# Launched in slices of 100 ms against the clock, so a slow loop does not stretch the run.
for ((i = 0; i < total; )); do
    now_ms=$(( ($(date +%s%N) - start) / 1000000 ))
    if [ "${#restarts[@]}" -gt 0 ] && [ "$now_ms" -ge "$((restarts[0] * 1000))" ]; then
        restart_redis "$((now_ms / 1000))"
        restarts=("${restarts[@]:1}")
    fi
    due=$(( now_ms * rate / 1000 + 1 ))
    for (( ; i < due && i < total; i++)); do
        ( code=0; out=$("$tokencache" --headless get soak 2>"$work/errors/$i") || code=$?
          printf '%s %s %s\n' "$code" "$(date +%s%3N)" "$out" >"$work/runs/$i" ) &
    done
    sleep 0.1
done
launched=$(( ($(date +%s%N) - start) / 1000000 ))
sleep 10 # the last processes finish (a wait on the lock is bounded)
kill "$redis_pid" 2>/dev/null || true

# Every handed-out token must be one the endpoint issued, and unexpired when the process printed it.
awk -v lifetime="$lifetime" '
    FNR == NR { if ($1 == "issued") expiry[$2] = $3; else if ($1 == "failed") failed++; calls++; next }
    { codes[$1]++; runs++
      if ($1 == 0) { handed++
                     if (!($3 in expiry)) wrong++
                     else if (expiry[$3] <= $2) expired++ } }
    END {
        printf "runs: %d   tokens handed out: %d   wrong tokens: %d   expired tokens: %d (both must be 0)\n",
               runs, handed, wrong + 0, expired + 0
        line = "exits by code:"; for (c in codes) line = line sprintf("  %s: %d", c, codes[c]); print line
        printf "token endpoint calls: %d (%d failed by design, %d tokens issued)\n", calls, failed, calls - failed
    }' "$work/endpoint.log" "$work"/runs/*
echo "launched $total processes in $((launched / 1000)).$((launched % 1000 / 100)) s"
echo "expected fetches: about one per $((lifetime - 10)) s of run (a ${lifetime} s token is cached for $((lifetime - 5)) s and refreshed ahead in its last 5), one per Redis restart (the entry is lost), plus retries of the injected failures"
grep -h "tokencache:" "$work"/errors/* 2>/dev/null | sed -E 's/[0-9]+ ms/N ms/g; s/[0-9]+s ago/Ns ago/g; s/vm\/[0-9]+|[a-z0-9-]+\/[0-9]+ failed/HOLDER failed/g' | sort | uniq -c | sort -rn | head -8 | sed 's/^/  stderr: /'
