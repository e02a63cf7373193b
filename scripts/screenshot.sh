#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Takes docs/screenshot.png: the real window under Xvfb, on a private redis-server seeded with
# demo token entries (see scripts/lib/demo.sh).
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
source "$(dirname "$0")/lib/demo.sh"
cd "$PROJECT_ROOT"
ensure_packages "${BUILD_PACKAGES[@]}" xvfb xauth imagemagick
build build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null

work=$(mktemp -d)
start_private_redis "$work"
trap 'kill $PRIVATE_REDIS_PID 2>/dev/null; rm -rf "$work"' EXIT
seed_demo_tokens "$PRIVATE_REDIS_PORT"
write_demo_config "$work/config.json" "$PRIVATE_REDIS_PORT"

mkdir -p docs
XDG_CONFIG_HOME="$work/xdg" TOKENCACHE_CONFIG="$work/config.json" xvfb-run -a -s "-screen 0 1400x720x24" \
    bash -c "'$PROJECT_ROOT/build/app/tokencache' & app=\$!; sleep 4; import -window root '$PROJECT_ROOT/docs/screenshot.png'; kill \$app"
echo "wrote docs/screenshot.png"
