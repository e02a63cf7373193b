#!/usr/bin/env bash
# Sets up a fresh Debian 12 machine, builds tokencache and starts it. Without a display it
# says so and prints the headless usage instead. Arguments are passed to tokencache.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
cd "$PROJECT_ROOT"

ensure_packages "${BUILD_PACKAGES[@]}"
build build -DCMAKE_BUILD_TYPE=RelWithDebInfo
binary="$PROJECT_ROOT/build/app/tokencache"

if [ "$#" -gt 0 ]; then
    exec "$binary" "$@"
fi
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
    echo "tokencache: no display (DISPLAY and WAYLAND_DISPLAY are unset), so no window."
    echo "Use the headless mode, e.g. scripts/run.sh --headless list"
    echo
    exec "$binary" --headless --help
fi
exec "$binary"
