#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Sets up a fresh Debian 12 machine, builds tokencache and starts it. Without a display it
# says so and prints the headless usage instead. Arguments are passed to tokencache.
#
# With nothing configured and no Redis answering on 127.0.0.1:6379, it starts a private
# redis-server for the session, so a newcomer sees the tool work; `scripts/run.sh --demo`
# also fills that private Redis with demo tokens and profiles.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
source "$(dirname "$0")/lib/demo.sh"
cd "$PROJECT_ROOT"

ensure_packages "${BUILD_PACKAGES[@]}"
build_app build -DCMAKE_BUILD_TYPE=RelWithDebInfo # the tests are scripts/test.sh's
binary="$PROJECT_ROOT/build/app/tokencache"

demo=false
if [ "${1:-}" = "--demo" ]; then demo=true; shift; fi

if [ "$#" -gt 0 ]; then
    exec "$binary" "$@"
fi

if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
    echo "tokencache: no display (DISPLAY and WAYLAND_DISPLAY are unset), so no window."
    echo "Use the headless mode, e.g. scripts/run.sh --headless list"
    echo
    exec "$binary" --headless --help
fi

config=$("$binary" --headless --help | sed -n 's/.*default \(.*config.json\)).*/\1/p')
# Whether the config file names a Redis other than the default the window writes with any save:
# saved profiles alone do not (a second run starts the private one again).
names_redis() {
    python3 -c 'import json,sys
url = json.load(open(sys.argv[1])).get("redis", {}).get("url", "")
sys.exit(0 if url and url != "redis://127.0.0.1:6379/0" else 1)' "$1" 2>/dev/null
}
if $demo || { [ -z "${TOKENCACHE_REDIS_URL:-}" ] && ! names_redis "${TOKENCACHE_CONFIG:-$config}" &&
              ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; }; then
    work=$(mktemp -d)
    start_private_redis "$work"
    trap 'kill $PRIVATE_REDIS_PID 2>/dev/null; rm -rf "$work"' EXIT
    export TOKENCACHE_REDIS_URL="redis://127.0.0.1:$PRIVATE_REDIS_PORT/0" TOKENCACHE_REDIS_PRIVATE=1
    echo "tokencache: started a private Redis for this session at $TOKENCACHE_REDIS_URL (gone when you quit)"
    if $demo; then
        seed_demo_tokens "$PRIVATE_REDIS_PORT"
        write_demo_config "$work/config.json" "$PRIVATE_REDIS_PORT"
        export TOKENCACHE_CONFIG="$work/config.json"
    fi
fi

"$binary"
