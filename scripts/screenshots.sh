#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# The screenshots in docs/: the real window under Xvfb at 1366x768 and 1920x1080, light and dark
# (Fusion), with the demo's tokens and with 5,000, on a private Redis (benchmarks/shoot_window
# grabs it). Uses the normal build. Run by hand after a change that shows; look at every PNG
# before committing it.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
source "$(dirname "$0")/lib/demo.sh"
cd "$PROJECT_ROOT"
ensure_packages "${BUILD_PACKAGES[@]}" xvfb xauth
ensure_interop_peers
cmake --build build --target shoot_window

work=$(mktemp -d)
start_private_redis "$work"
trap 'kill "$PRIVATE_REDIS_PID" 2>/dev/null || true; rm -rf "$work"' EXIT
port=$PRIVATE_REDIS_PORT
url="redis://127.0.0.1:$port/0"
export HOME="$work" XDG_CONFIG_HOME="$work/config"
write_demo_config "$work/config.json" "$port"
mkdir -p docs
shoot() { # NAME ROWS-LABEL
    for size in 1366x768 1920x1080; do
        for palette in light dark; do
            xvfb-run -a -s "-screen 0 ${size}x24" build/benchmarks/shoot_window "$work/config.json" "$url" \
                "$size" "$palette" oauth2token:billing "docs/window-$1-$size-$palette.png"
        done
    done
}
seed_demo_tokens "$port"
shoot demo
# Environments: staging and a read-only production, each its own Redis, production's tab in front.
staging_pid=$PRIVATE_REDIS_PID
mkdir -p "$work/production"
start_private_redis "$work/production"
production_port=$PRIVATE_REDIS_PORT
trap 'kill "$staging_pid" "$PRIVATE_REDIS_PID" 2>/dev/null || true; rm -rf "$work"' EXIT
seed_demo_tokens "$production_port"
write_environments_config "$work/environments.json" "$port" "$production_port"
for palette in light dark; do
    xvfb-run -a -s "-screen 0 1366x768x24" build/benchmarks/shoot_window "$work/environments.json" - \
        1366x768 "$palette" oauth2token:billing "docs/environments-1366x768-$palette.png" staging production
done
node tests/interop/bench-data-mixed.mjs 5000 5000 | redis-cli -p "$port" --pipe >/dev/null
seed_demo_tokens "$port" # the selected row's token again, now among 5,000
shoot 5000
ls -1 docs/window-*.png docs/environments-*.png
