# Shared by scripts/*.sh: find the project, install what is missing, build.
# shellcheck shell=bash

PROJECT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

# Everything a fresh Debian 12 machine needs to build, test and run tokencache.
BUILD_PACKAGES=(cmake ninja-build g++ pkg-config qt6-base-dev libqt6svg6 libhiredis-dev libssl-dev libgl-dev redis-server redis-tools
    qtkeychain-qt6-dev libsecret-1-0)
# The keychain tests start a private session bus (dbus-daemon, dbus-send) and a Secret Service.
KEYCHAIN_TEST_PACKAGES=(dbus gnome-keyring)
# What the tests of the command line and the package use: curl (tokencache curl), the shells whose
# completions are tested, the .deb tools (dpkg-shlibdeps, lintian) and the validators.
PACKAGE_CHECK_PACKAGES=(curl bash-completion zsh fish dpkg-dev file lintian desktop-file-utils appstream man-db)

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

# configure DIR [cmake options...]: once; later runs only apply changed options.
configure() {
    local dir="$1"; shift
    cmake -S "$PROJECT_ROOT" -B "$PROJECT_ROOT/$dir" -G Ninja "$@" >/dev/null
}

# build DIR [cmake options...]: configure, then build everything incrementally.
build() {
    configure "$@"
    cmake --build "$PROJECT_ROOT/$1"
}

# build_app DIR [cmake options...]: only the executable and its window module, no tests.
build_app() {
    configure "$@"
    cmake --build "$PROJECT_ROOT/$1" --target tokencache
}

# ensure_promtool: promtool (the audit test checks `audit --output prometheus` with it), unpacked from
# Debian's prometheus package with dpkg -x: installing the package would start a server.
PROMTOOL_DIR="${XDG_CACHE_HOME:-$HOME/.cache}/tokencache-tools/prometheus"
ensure_promtool() {
    [ -x "$PROMTOOL_DIR/usr/bin/promtool" ] && return 0
    local work
    work=$(mktemp -d)
    echo "tokencache: unpacking promtool from Debian's prometheus package"
    if ! (cd "$work" && apt-get download prometheus >/dev/null 2>&1); then
        as_root apt-get update -qq
        (cd "$work" && apt-get download prometheus >/dev/null 2>&1)
    fi
    mkdir -p "$PROMTOOL_DIR"
    dpkg -x "$work"/prometheus_*.deb "$PROMTOOL_DIR"
    rm -rf "$work"
}

# ensure_interop_peers: Node.js and the npm packages of tests/interop (oidc-provider, ioredis),
# installed from the committed package-lock.json into tests/interop/node_modules (git ignores it).
ensure_interop_peers() {
    command -v node >/dev/null 2>&1 || ensure_packages nodejs npm
    local dir="$PROJECT_ROOT/tests/interop"
    if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
        echo "tokencache: installing interop peers (npm ci in tests/interop)"
        (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    fi
}
