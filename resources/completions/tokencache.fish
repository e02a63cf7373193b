# fish completion for tokencache: commands, options, and profile names read from the config.

function __tokencache_profiles
    set -l config
    set -l words (commandline -opc)
    for i in (seq (count $words))
        if test "$words[$i]" = --config; and test $i -lt (count $words)
            set config --config $words[(math $i + 1)]
        end
    end
    tokencache $config profiles list --names 2>/dev/null
end

# The positional words so far (after the program), global options and their values left out.
function __tokencache_positionals
    set -l words (commandline -opc)[2..-1]
    set -l skip 0
    for word in $words
        if test $skip -eq 1
            set skip 0
            continue
        end
        switch $word
            case --config --redis --connection -C --audit-log --output --tls-ca --tls-cert --tls-key --tls-server-name --pattern --filter --status --sort --key --token-url --client-id --client-secret --auth --scope --audience --issuer --resource --param --default-ttl --refresh-margin --attempts --timeout --request-format --header --token-field --expires-field --expires-at-field --token-type-field --url --user --password --tag --color --redis-ca --redis-cert --redis-key --redis-server-name --file
                set skip 1
            case '-*'
            case '*'
                echo $word
        end
    end
end

# True when the positional words are exactly the arguments.
function __tokencache_at
    set -l positionals (__tokencache_positionals)
    test "$positionals" = "$argv"
end

function __tokencache_in
    set -l positionals (__tokencache_positionals)
    contains -- "$positionals[1]" $argv
end

complete -c tokencache -f
complete -c tokencache -l config -r -F -d 'configuration file'
complete -c tokencache -l redis -x -d 'Redis URL'
complete -c tokencache -s C -l connection -x -d 'the configured connection to work on'
complete -c tokencache -l audit-log -r -F -d 'audit log file'
complete -c tokencache -l output -x -a 'table json jsonl prometheus' -d 'output format'
complete -c tokencache -l json -d 'same as --output json'
complete -c tokencache -l tls-ca -r -F -d 'CA file'
complete -c tokencache -l tls-cert -r -F -d 'client certificate'
complete -c tokencache -l tls-key -r -F -d 'client key'
complete -c tokencache -l tls-server-name -x -d 'name to verify'
complete -c tokencache -l tls-insecure -d 'do not verify the certificate'
complete -c tokencache -l headless -d 'accepted for old scripts'
complete -c tokencache -s h -l help -d 'show the help'
complete -c tokencache -s v -l version -d 'show the version'

complete -c tokencache -n '__tokencache_at' -a list -d 'cached entries, never tokens'
complete -c tokencache -n '__tokencache_at' -a get -d 'get-or-fetch; prints the token'
complete -c tokencache -n '__tokencache_at' -a header -d 'prints the Authorization header'
complete -c tokencache -n '__tokencache_at' -a curl -d 'runs curl with the token'
complete -c tokencache -n '__tokencache_at' -a show -d 'one entry in detail'
complete -c tokencache -n '__tokencache_at' -a verify -d 'is the token signed by its issuer and within its times'
complete -c tokencache -n '__tokencache_at' -a introspect -d 'is the token active at its provider'
complete -c tokencache -n '__tokencache_at' -a watch -d 'one line per change until interrupted'
complete -c tokencache -n '__tokencache_at' -a audit -d 'the cache problems; exit 8 when there are any'
complete -c tokencache -n '__tokencache_at' -a refresh -d 'fetch a new token now'
complete -c tokencache -n '__tokencache_at' -a evict -d 'delete the cached entry'
complete -c tokencache -n '__tokencache_at' -a profiles -d 'the provider profiles'
complete -c tokencache -n '__tokencache_at' -a connections -d 'the configured connections (environments)'
complete -c tokencache -n '__tokencache_at' -a export -d 'connections and profiles as JSON, secret references only'
complete -c tokencache -n '__tokencache_at' -a import -d 'add the connections of an export'
complete -c tokencache -n '__tokencache_at' -a secrets -d 'the system keychain entries'

complete -c tokencache -n '__tokencache_in list' -l pattern -x -d 'SCAN glob'
complete -c tokencache -n '__tokencache_in list' -l filter -x -d 'search terms'
complete -c tokencache -n '__tokencache_in list' -l status -x -a 'valid expiring expired unreadable lock stale-lock'
complete -c tokencache -n '__tokencache_in list' -l sort -x -a 'key ttl profile status size'
complete -c tokencache -n '__tokencache_at get; or __tokencache_at header; or __tokencache_at refresh; or __tokencache_at evict; or __tokencache_at curl' -a '(__tokencache_profiles)'
complete -c tokencache -n '__tokencache_in evict' -l key -x -d 'key to delete'
complete -c tokencache -n '__tokencache_in evict' -l lock -d 'its stale lock'
complete -c tokencache -n '__tokencache_in evict' -l force -d 'any lock'
complete -c tokencache -n '__tokencache_in evict' -l missing-ok -d 'exit 0 when nothing is there'
complete -c tokencache -n '__tokencache_in evict' -l revoke -d 'revoke at the provider first'
complete -c tokencache -n '__tokencache_in evict' -l ignore-revoke-failure -d 'delete even when revocation fails'
complete -c tokencache -n '__tokencache_in show' -l reveal -d 'print the token'
complete -c tokencache -n '__tokencache_in verify' -l profile -r -a '(__tokencache_profiles)' -d 'the profile whose issuer signs it'
complete -c tokencache -n '__tokencache_in introspect' -l profile -r -a '(__tokencache_profiles)' -d 'the profile whose client asks'
complete -c tokencache -n '__tokencache_in watch; or __tokencache_in audit' -l pattern -x -d 'SCAN glob'
complete -c tokencache -n '__tokencache_in watch' -l interval -x -d 'seconds between polls'
complete -c tokencache -n '__tokencache_in audit' -l for -x -d 'seconds to watch for rewrite storms'

complete -c tokencache -n '__tokencache_at profiles' -a 'list show add edit remove'
complete -c tokencache -n '__tokencache_at profiles list' -l names -d 'only the names'
complete -c tokencache -n '__tokencache_at profiles show; or __tokencache_at profiles edit; or __tokencache_at profiles remove' -a '(__tokencache_profiles)'
for option in token-url client-id client-secret private-key key-id assertion-audience provider-key scope audience issuer resource param key default-ttl refresh-margin attempts timeout header token-field expires-field expires-at-field token-type-field
    complete -c tokencache -n '__tokencache_in profiles' -l $option -x
end
complete -c tokencache -n '__tokencache_in profiles' -l auth -x -a 'basic post private_key_jwt client_secret_jwt tls_client_auth self_signed_tls_client_auth'
complete -c tokencache -n '__tokencache_in profiles' -l signing-alg -x -a 'RS256 RS384 RS512 PS256 PS384 PS512 ES256 ES384 ES512'
complete -c tokencache -n '__tokencache_in profiles' -l provider-cert -r -F
complete -c tokencache -n '__tokencache_in profiles' -l provider-ca -r -F
complete -c tokencache -n '__tokencache_in profiles' -l request-format -x -a 'form json'
complete -c tokencache -n '__tokencache_in profiles' -l store-secret-in-config
complete -c tokencache -n '__tokencache_in profiles' -l allow-insecure-http

complete -c tokencache -n '__tokencache_at connections' -a 'list add remove default'
for option in url user password tag color redis-server-name
    complete -c tokencache -n '__tokencache_in connections' -l $option -x
end
for option in redis-ca redis-cert redis-key
    complete -c tokencache -n '__tokencache_in connections' -l $option -r -F
end
complete -c tokencache -n '__tokencache_in connections' -l read-only -d 'never write'
complete -c tokencache -n '__tokencache_in connections' -l keyspace-events -x -a 'auto subscribe' -d 'live updates'
complete -c tokencache -n '__tokencache_in connections' -l redis-insecure -d 'do not verify the certificate'

complete -c tokencache -n '__tokencache_in export' -l file -r -F -d 'write to FILE instead of stdout'
complete -c tokencache -n '__tokencache_in import' -l replace -d 'replace connections of the same name'
complete -c tokencache -n '__tokencache_at import' -F

complete -c tokencache -n '__tokencache_at secrets' -a 'set remove list'
# Names asked of the system keychain; nothing when none runs.
complete -c tokencache -n '__tokencache_at secrets remove' -a '(tokencache secrets list 2>/dev/null)'
