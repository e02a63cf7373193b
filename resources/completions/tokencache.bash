# bash completion for tokencache: commands, options, and profile names read from the config.
# shellcheck shell=bash

_tokencache_profiles() {
    local config=() i
    for ((i = 1; i < ${#COMP_WORDS[@]} - 1; i++)); do
        case ${COMP_WORDS[i]} in
            --config) config=(--config "${COMP_WORDS[i + 1]/#\~/$HOME}") ;;
            --config=*) config=("--config=${COMP_WORDS[i]#--config=}") ;;
        esac
    done
    tokencache "${config[@]}" profiles list --names 2>/dev/null
}

_tokencache() {
    local cur prev
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD - 1]}
    local globals="--config --redis --connection -C --audit-log --output --json --tls-ca --tls-cert --tls-key --tls-server-name --tls-insecure --headless --help --version"
    local commands="list get header curl show verify introspect watch audit refresh evict profiles connections export import secrets"

    case $prev in
        --config | --tls-ca | --tls-cert | --tls-key | --audit-log | --redis-ca | --redis-cert | --redis-key | \
            --file | --provider-cert | --provider-ca)
            mapfile -t COMPREPLY < <(compgen -f -- "$cur"); return ;;
        --output) mapfile -t COMPREPLY < <(compgen -W "table json jsonl prometheus" -- "$cur"); return ;;
        --sort) mapfile -t COMPREPLY < <(compgen -W "key ttl profile status size" -- "$cur"); return ;;
        --status)
            mapfile -t COMPREPLY < <(compgen -W "valid expiring expired unreadable lock stale-lock" -- "$cur")
            return ;;
        --auth)
            mapfile -t COMPREPLY < <(compgen -W "basic post private_key_jwt client_secret_jwt tls_client_auth self_signed_tls_client_auth" -- "$cur")
            return ;;
        --signing-alg)
            mapfile -t COMPREPLY < <(compgen -W "RS256 RS384 RS512 PS256 PS384 PS512 ES256 ES384 ES512" -- "$cur")
            return ;;
        --assertion-audience) mapfile -t COMPREPLY < <(compgen -W "token-endpoint issuer" -- "$cur"); return ;;
        --keyspace-events) mapfile -t COMPREPLY < <(compgen -W "auto subscribe" -- "$cur"); return ;;
        --request-format) mapfile -t COMPREPLY < <(compgen -W "form json" -- "$cur"); return ;;
        --redis | --tls-server-name | --pattern | --filter | --key | --token-url | --client-id | \
            --client-secret | --scope | --audience | --issuer | --resource | --param | --default-ttl | \
            --refresh-margin | --attempts | --timeout | --header | --token-field | --expires-field | \
            --expires-at-field | --token-type-field | --connection | -C | --url | --user | --password | \
            --tag | --color | --redis-server-name | --profile | --interval | --for | --private-key | --key-id | --provider-key)
            COMPREPLY=(); return ;;
    esac

    # The command word and the positional words after it, global options and their values skipped.
    local words=() i word
    for ((i = 1; i < COMP_CWORD; i++)); do
        word=${COMP_WORDS[i]}
        case $word in
            --config | --redis | --output | --tls-ca | --tls-cert | --tls-key | --tls-server-name | \
                --pattern | --filter | --status | --sort | --key | --token-url | --client-id | \
                --client-secret | --auth | --scope | --audience | --resource | --param | --default-ttl | \
                --refresh-margin | --attempts | --timeout | --request-format | --header | --token-field | \
                --expires-field | --expires-at-field | --token-type-field | --connection | -C | --audit-log | \
                --url | --user | --password | --tag | --color | --redis-ca | --redis-cert | --redis-key | \
                --redis-server-name | --file) ((i++)) ;;
            -*) ;;
            *) words+=("$word") ;;
        esac
    done
    local command=${words[0]:-} options="" positional=""
    local profile_options="--token-url --client-id --client-secret --auth --private-key --key-id --signing-alg --assertion-audience --provider-cert --provider-key --provider-ca --scope --audience --issuer --resource --param --key --default-ttl --refresh-margin --attempts --timeout --store-secret-in-config --allow-insecure-http --request-format --header --token-field --expires-field --expires-at-field --token-type-field"
    case $command in
        "") mapfile -t COMPREPLY < <(compgen -W "$commands $globals" -- "$cur"); return ;;
        list) options="--pattern --filter --status --sort" ;;
        get | header | refresh) [[ ${#words[@]} -eq 1 ]] && positional=profiles ;;
        evict) options="--key --lock --force --missing-ok --revoke --ignore-revoke-failure"; [[ ${#words[@]} -eq 1 ]] && positional=profiles ;;
        show) options="--reveal" ;;
        verify | introspect) options="--profile" ;;
        watch) options="--pattern --interval" ;;
        audit) options="--pattern --for" ;;
        curl)
            if [[ ${#words[@]} -eq 1 ]]; then positional=profiles
            else
                # After PROFILE every word is curl's: its own completion, when installed.
                local k
                for ((k = 1; k < COMP_CWORD; k++)); do [[ ${COMP_WORDS[k]} == "${words[1]}" ]] && break; done
                if declare -F _command_offset >/dev/null; then
                    # The line as if PROFILE were the word curl, for curl's own completion.
                    local before=${COMP_LINE%%" ${words[1]} "*}
                    COMP_WORDS[k]=curl
                    COMP_LINE="$before curl ${COMP_LINE#"$before ${words[1]} "}"
                    COMP_POINT=$((COMP_POINT + 4 - ${#words[1]}))
                    _command_offset "$k"
                fi
                return
            fi ;;
        profiles)
            case ${words[1]:-} in
                "") mapfile -t COMPREPLY < <(compgen -W "list show add edit remove" -- "$cur"); return ;;
                list) options="--names" ;;
                show | remove) [[ ${#words[@]} -eq 2 ]] && positional=profiles ;;
                edit) options=$profile_options; [[ ${#words[@]} -eq 2 ]] && positional=profiles ;;
                add) options=$profile_options ;;
            esac ;;
        connections)
            case ${words[1]:-} in
                "") mapfile -t COMPREPLY < <(compgen -W "list add remove default" -- "$cur"); return ;;
                add) options="--url --user --password --tag --color --read-only --keyspace-events --redis-ca --redis-cert --redis-key --redis-server-name --redis-insecure" ;;
            esac ;;
        export) options="--file" ;;
        import) options="--replace"; [[ ${#words[@]} -eq 1 ]] && positional=files ;;
        secrets)
            case ${words[1]:-} in
                "") mapfile -t COMPREPLY < <(compgen -W "set remove list" -- "$cur"); return ;;
                remove) [[ ${#words[@]} -eq 2 ]] && positional=secrets ;;
            esac ;;
    esac
    if [[ $cur == -* ]]; then
        mapfile -t COMPREPLY < <(compgen -W "$options $globals" -- "$cur")
    elif [[ $positional == profiles ]]; then
        # Names are data from a config file: matched as strings and quoted for the line, never
        # expanded (compgen -W would run a "$(...)" inside a name).
        local name
        COMPREPLY=()
        while IFS= read -r name; do
            [[ $name == "$cur"* ]] && COMPREPLY+=("$(printf '%q' "$name")")
        done < <(_tokencache_profiles)
    elif [[ $positional == files ]]; then
        mapfile -t COMPREPLY < <(compgen -f -- "$cur")
    elif [[ $positional == secrets ]]; then
        # The keychain's entry names, asked of the keychain (nothing when none runs); never expanded.
        local name
        COMPREPLY=()
        while IFS= read -r name; do
            [[ $name == "$cur"* ]] && COMPREPLY+=("$(printf '%q' "$name")")
        done < <(tokencache secrets list 2>/dev/null)
    else
        COMPREPLY=()
    fi
}

complete -F _tokencache tokencache
