#!/usr/bin/env bash
# The man page answers what the binary's help says: every command and every option of
# `tokencache --help` and of each `COMMAND --help` appears in it, and man renders it without a
# warning. Usage: check_manual.sh TOKENCACHE_BINARY MAN_PAGE
set -euo pipefail
binary=$1 page=$2
export TOKENCACHE_CONFIG=/nonexistent/config.json
source_text=$(sed 's/\\-/-/g; s/\\f[BIRP]//g' "$page")
missing=()
commands=(list get header curl show refresh evict "profiles list" "profiles show" "profiles add"
          "profiles edit" "profiles remove" "secrets set" "secrets remove" "secrets list"
          "connections list" "connections add" "connections remove" "connections default" export import verify
          introspect watch audit)
for command in "${commands[@]}"; do
    grep -q -- "$command" <<<"$source_text" || missing+=("command: $command")
    # shellcheck disable=SC2086 # the command's words are separate arguments
    help=$("$binary" $command --help)
    for option in $(grep -o -- '--[a-z][a-z-]*' <<<"$help" | sort -u); do
        grep -q -- "$option" <<<"$source_text" || missing+=("$command: $option")
    done
done
for option in $("$binary" --help | grep -o -- '--[a-z][a-z-]*' | sort -u); do
    grep -q -- "$option" <<<"$source_text" || missing+=("global: $option")
done
for code in $("$binary" --help | sed -n '/^Exit codes:/,$p' | grep -o '^  [0-9]'); do
    grep -q "^\.B $code\$" "$page" || missing+=("exit code $code")
done
if [ ${#missing[@]} -gt 0 ]; then
    printf 'the man page lacks %s\n' "${missing[@]}" >&2
    exit 1
fi
warnings=$(MANWIDTH=80 man --warnings -l "$page" 2>&1 >/dev/null)
if [ -n "$warnings" ]; then
    echo "man warns: $warnings" >&2
    exit 1
fi
echo "the man page names every command, option and exit code, and renders cleanly"
