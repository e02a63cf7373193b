# Shared by scripts/*.sh: find the project, install what is missing, build.
# shellcheck shell=bash

PROJECT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

# Everything a fresh Debian 12 machine needs to build, test and run tokencache.
BUILD_PACKAGES=(cmake ninja-build g++ pkg-config qt6-base-dev libhiredis-dev libgl-dev redis-server redis-tools)

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"
    elif command -v sudo >/dev/null 2>&1; then sudo "$@"
    else echo "tokencache: need root (or sudo) to install: $*" >&2; return 1
    fi
}

# ensure_packages PKG...: apt-get installs only the packages that are not installed yet.
ensure_packages() {
    local missing=()
    for package in "$@"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "tokencache: installing ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# build DIR [cmake options...]: configure once, then build incrementally.
build() {
    local dir="$1"; shift
    cmake -S "$PROJECT_ROOT" -B "$PROJECT_ROOT/$dir" -G Ninja "$@" >/dev/null
    cmake --build "$PROJECT_ROOT/$dir"
}
