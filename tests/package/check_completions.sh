#!/usr/bin/env bash
# The shell completions complete commands, options, option values and the profile names of the
# config, in bash (with bash-completion), fish and zsh (driven through a pseudo-terminal).
# Usage: check_completions.sh TOKENCACHE_BINARY COMPLETIONS_DIR
set -euo pipefail
binary=$1 completions=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/bin"
ln -s "$binary" "$work/bin/tokencache"
export PATH="$work/bin:$PATH" TOKENCACHE_CONFIG="$work/config.json"
for name in acme beta; do
    tokencache profiles add "$name" --token-url https://idp.example/token --client-id c \
        --client-secret env:X >/dev/null
done
failures=0
expect() { # SHELL LINE EXPECTED ACTUAL
    local want
    for want in $3; do
        if ! grep -qw -- "$want" <<<"$4"; then
            echo "$1: completing '$2' offers no '$want'; got: $4" >&2
            failures=$((failures + 1))
        fi
    done
}

bash_complete() {
    bash -c '
        source /usr/share/bash-completion/bash_completion
        source "$1/tokencache.bash"
        line=$2
        read -ra COMP_WORDS <<<"$line"
        [[ $line == *" " ]] && COMP_WORDS+=("")
        COMP_CWORD=$((${#COMP_WORDS[@]} - 1)) COMP_LINE=$line COMP_POINT=${#line}
        _tokencache tokencache "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
        printf "%s " "${COMPREPLY[@]}"' _ "$completions" "$1"
}
fish_complete() {
    fish -c "source $completions/tokencache.fish; complete -C'$1'" | cut -f1 | tr '\n' ' '
}
zsh_complete() { # one line through an interactive zsh in a pseudo-terminal, as a user presses Tab
    zsh -f -c '
        zmodload zsh/zpty
        zpty z "zsh -f -i"
        # Reads until the output matches a pattern (bounded: 60 s), never for a fixed time.
        await() {
            local chunk tries=600
            while ((tries--)); do
                while zpty -r -t z chunk; do out+=$chunk; done
                [[ $out == $~1 ]] && return 0
                sleep 0.1
            done
            return 1
        }
        out=""
        zpty -w z "PS1=\"%% \"; fpath=($1 \$fpath); autoload -Uz compinit; compinit -u -d $3/zcompdump; print RE\"\"ADY"
        await "*READY*"
        out=""
        zpty -w -n z "$2"$'"'"'\t'"'"'
        # A list of candidates is followed by the line drawn again (without its last space).
        await "*${(b)2% }*${(b)2% }*"
        print -r -- "${out//$'"'"'\r'"'"'/}" | sed "s/\x1b\[[0-9;?]*[a-zA-Z]//g"
        zpty -d z' _ "$completions" "$1" "$work" | sed 's/tokencache/ /g' | tr -s ' \n' ' '
}

for shell in bash fish zsh; do
    expect $shell "tokencache " "list get header curl show verify introspect watch audit refresh evict profiles connections export import secrets" \
        "$(${shell}_complete "tokencache ")"
    expect $shell "tokencache get " "acme beta" "$(${shell}_complete "tokencache get ")"
    expect $shell "tokencache --json refresh " "acme beta" "$(${shell}_complete "tokencache --json refresh ")"
    expect $shell "tokencache get --json " "acme beta" "$(${shell}_complete "tokencache get --json ")"
    expect $shell "tokencache profiles " "list show add edit remove" "$(${shell}_complete "tokencache profiles ")"
    expect $shell "tokencache profiles edit " "acme beta" "$(${shell}_complete "tokencache profiles edit ")"
    expect $shell "tokencache secrets " "set remove list" "$(${shell}_complete "tokencache secrets ")"
    expect $shell "tokencache connections " "list add remove default" "$(${shell}_complete "tokencache connections ")"
    expect $shell "tokencache -C default get " "acme beta" "$(${shell}_complete "tokencache -C default get ")"
    expect $shell "tokencache --connection default refresh " "acme beta" \
        "$(${shell}_complete "tokencache --connection default refresh ")"
    expect $shell "tokencache list --sort " "key ttl profile status size" \
        "$(${shell}_complete "tokencache list --sort ")"
    expect $shell "tokencache list --output " "table json jsonl" "$(${shell}_complete "tokencache list --output ")"
    expect $shell "tokencache profiles edit acme --request-format " "form json" \
        "$(${shell}_complete "tokencache profiles edit acme --request-format ")"
    expect $shell "tokencache profiles edit acme --auth " \
        "basic post private_key_jwt client_secret_jwt tls_client_auth self_signed_tls_client_auth" \
        "$(${shell}_complete "tokencache profiles edit acme --auth ")"
done
expect bash "tokencache list --st" "--status" "$(bash_complete "tokencache list --st")"
for shell in bash fish; do
    expect $shell "tokencache import --" "--replace" "$(${shell}_complete "tokencache import --")"
    expect $shell "tokencache export --" "--file" "$(${shell}_complete "tokencache export --")"
    expect $shell "tokencache connections add x --" "--url --read-only --redis-ca" \
        "$(${shell}_complete "tokencache connections add x --")"
    expect $shell "tokencache --" "--connection --audit-log" "$(${shell}_complete "tokencache --")"
done
# After curl's PROFILE, curl's own completion (shipped with curl) takes over.
expect bash "tokencache curl acme --verb" "--verbose" "$(bash_complete "tokencache curl acme --verb")"

# A --config on the line, before or after the command, picks whose profiles complete.
# Two of them, so that zsh lists them rather than completing one in place.
for name in gamma delta; do
    TOKENCACHE_CONFIG="$work/other.json" tokencache profiles add "$name" --token-url https://idp.example/token \
        --client-id c --client-secret env:X >/dev/null
done
for shell in bash fish zsh; do
    expect $shell "tokencache --config other get" "gamma delta" \
        "$(${shell}_complete "tokencache --config $work/other.json get ")"
done

# A profile name is data: completing it never runs what it holds.
tokencache profiles add "\$(touch $work/pwned)" --token-url https://idp.example/token --client-id c \
    --client-secret env:X >/dev/null
for shell in bash fish zsh; do
    ${shell}_complete "tokencache get " >/dev/null
    if [ -e "$work/pwned" ]; then
        echo "$shell: completing a profile name ran a command it held" >&2
        failures=$((failures + 1))
        rm -f "$work/pwned"
    fi
done
expect fish "tokencache evict --mi" "--missing-ok" "$(fish_complete "tokencache evict --mi")"
[ "$failures" -eq 0 ] && echo "bash, fish and zsh complete commands, options and profile names"
exit "$failures"
