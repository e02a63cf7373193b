#!/usr/bin/env bash
# Builds the .deb from a build tree, checks it with lintian (no errors), unpacks it into a scratch
# root (dpkg -x) and runs the installed tokencache from there: --version, --help, and a list
# against a real redis-server; the installed desktop entry, metainfo and man page validate.
# Usage: check_deb.sh BUILD_DIR
set -euo pipefail
build=$1
work=$(mktemp -d)
redis_pid=""
trap '[ -n "$redis_pid" ] && kill "$redis_pid" 2>/dev/null; rm -rf "$work"' EXIT

cpack --config "$build/CPackConfig.cmake" -G DEB -B "$work/package" >/dev/null
deb=$(echo "$work"/package/tokencache_*_amd64.deb)
[ -f "$deb" ] || { echo "no tokencache_<version>_amd64.deb in $work/package" >&2; exit 1; }
dpkg-deb -f "$deb" Depends | grep -q "libqt6core6" || { echo "Depends lacks the computed libraries" >&2; exit 1; }
# Only errors fail; its "running with root privileges" notice is not about the package.
if ! findings=$(lintian --fail-on error "$deb" 2>&1); then
    echo "lintian reports errors: $findings" >&2
    exit 1
fi
grep -v "root privileges" <<<"$findings" || true

root="$work/root"
dpkg -x "$deb" "$root"
installed="$root/usr/bin/tokencache"
export TOKENCACHE_CONFIG="$work/config.json"
unset DISPLAY WAYLAND_DISPLAY QT_QPA_PLATFORM
"$installed" --version | grep -q "^tokencache " || { echo "--version failed" >&2; exit 1; }
# Read whole before matching: grep -q leaves at the first match, and a write into its closed pipe is
# tokencache's exit 1, which pipefail reports.
help=$("$installed" --help) || { echo "--help failed" >&2; exit 1; }
grep -q "^Commands:" <<<"$help" || { echo "--help lacks its commands" >&2; exit 1; }
[ -n "$(find "$root/usr/lib" -name libtokencache-gui.so)" ] || { echo "no GUI module in the package" >&2; exit 1; }
[ -n "$(find "$root/usr/lib" -name libtokencache-keychain.so)" ] || { echo "no keychain module in the package" >&2; exit 1; }

socket="$work/redis.sock"
redis-server --port 0 --unixsocket "$socket" --save "" --appendonly no >"$work/redis.log" 2>&1 &
redis_pid=$!
for _ in $(seq 100); do [ -S "$socket" ] && break; sleep 0.1; done
redis-cli -s "$socket" SETEX oauth2token:installed 600 \
    '{"access_token":"t","token_type":"Bearer","expires_in":900}' >/dev/null
listed=$("$installed" list --json --redis "unix://$socket")
grep -q '"key":"oauth2token:installed"' <<<"$listed" || { echo "list from the package: $listed" >&2; exit 1; }

desktop-file-validate "$root/usr/share/applications/tokencache.desktop"
appstreamcli validate --no-net "$root"/usr/share/metainfo/*.metainfo.xml >/dev/null
warnings=$(MANWIDTH=80 man --warnings -l "$root/usr/share/man/man1/tokencache.1.gz" 2>&1 >/dev/null)
[ -z "$warnings" ] || { echo "man: $warnings" >&2; exit 1; }
echo "$(basename "$deb"): lintian clean of errors; installed, it runs --version, --help and list"
