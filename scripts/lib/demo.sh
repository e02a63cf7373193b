# A private redis-server and demo token entries, for scripts/run.sh and scripts/screenshots.sh.
# shellcheck shell=bash

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# start_private_redis DIR: starts redis-server on a free loopback port, no persistence, files in DIR.
# Sets PRIVATE_REDIS_PORT and PRIVATE_REDIS_PID.
start_private_redis() {
    PRIVATE_REDIS_PORT=$(free_port)
    redis-server --port "$PRIVATE_REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --dir "$1" >/dev/null &
    PRIVATE_REDIS_PID=$!
    until redis-cli -p "$PRIVATE_REDIS_PORT" ping >/dev/null 2>&1; do sleep 0.1; done
}

b64url() { base64 -w0 | tr '+/' '-_' | tr -d '='; }

# demo_jwt SUBJECT ISSUED_AGO LIFETIME SCOPE: an unsigned-looking JWT with realistic claims.
demo_jwt() {
    local now header payload
    now=$(date +%s)
    header=$(printf '{"alg":"RS256","typ":"at+jwt","kid":"k1"}' | b64url)
    payload=$(printf '{"iss":"https://login.acme.example","sub":"%s","aud":"https://api.acme.example","client_id":"%s","scope":"%s","iat":%d,"exp":%d,"jti":"%s"}' \
        "$1" "$1" "$4" $((now - $2)) $((now - $2 + $3)) "$(head -c 9 /dev/urandom | b64url)" | b64url)
    printf '%s.%s.%s' "$header" "$payload" "$(head -c 256 /dev/urandom | b64url)"
}

# seed_demo_tokens PORT: entries as services write them (JWTs with varied lifetimes, a plain-pattern
# key, a broken value and a single-flight lock).
seed_demo_tokens() {
    local port=$1 now
    now=$(date +%s)
    seed() { # KEY TTL LIFETIME ISSUED_AGO SUBJECT SCOPE
        local token; token=$(demo_jwt "$5" "$4" "$3" "$6")
        redis-cli -p "$port" SETEX "$1" "$2" "{\"access_token\":\"$token\",\"token_type\":\"Bearer\",\"expires_in\":$3,\"scope\":\"$6\"}" >/dev/null
    }
    seed oauth2token:billing 3120 3600 420 billing-svc "invoices:read invoices:write"
    seed oauth2token:payments 610 3600 2930 payments-svc "payments:write"
    seed oauth2token:search 95 900 745 search-svc "catalog:read"
    seed oauth2token:shipping 1730 1800 10 shipping-svc "orders:read"
    seed oauth2token:reports 41 600 499 reports-svc "reports:read"
    redis-cli -p "$port" SETEX oauth2token 2405 '{"access_token":"2YotnFZFEjr1zCsicMWpAA","token_type":"Bearer","expires_in":3600}' >/dev/null
    redis-cli -p "$port" SET oauth2token:legacy '<html><body>502 Bad Gateway</body></html>' >/dev/null
    redis-cli -p "$port" SET "{oauth2token:search}:lock" "{\"holder\":\"worker-7/4121\",\"id\":\"5f3a9c2e1b7d4a60\",\"since\":$(( (now - 2) * 1000 )),\"ttl_ms\":35000}" PX 33000 >/dev/null
}

# demo_profiles: profiles matching the demo entries (their secrets are references only), as JSON.
demo_profiles() {
    local url="https://login.acme.example/oauth2/token"
    cat <<JSON
[{"name":"billing","tokenUrl":"$url","clientId":"billing-svc","clientSecret":"env:BILLING_SECRET","scopes":["invoices:read","invoices:write"]},
 {"name":"payments","tokenUrl":"$url","clientId":"payments-svc","clientSecret":"env:PAYMENTS_SECRET"},
 {"name":"search","tokenUrl":"$url","clientId":"search-svc","clientSecret":"file:/run/secrets/search"},
 {"name":"shipping","tokenUrl":"$url","clientId":"shipping-svc","clientSecret":"env:SHIPPING_SECRET"},
 {"name":"reports","tokenUrl":"$url","clientId":"reports-svc","clientSecret":"env:REPORTS_SECRET"},
 {"name":"seed","tokenUrl":"$url","clientId":"legacy","clientSecret":"env:SEED_SECRET","key":"oauth2token"}]
JSON
}

# write_demo_config FILE PORT: one Redis and the demo profiles.
write_demo_config() {
    printf '{"redis":{"url":"redis://127.0.0.1:%s/0"},"profiles":%s}\n' "$2" "$(demo_profiles)" >"$1"
}

# write_environments_config FILE STAGING_PORT PRODUCTION_PORT: two connections, production read-only.
write_environments_config() {
    cat >"$1" <<JSON
{"version":3,"defaultConnection":"staging","connections":[
 {"name":"staging","tag":"staging","color":"#c88800","redis":{"url":"redis://127.0.0.1:$2/0"},"profiles":$(demo_profiles)},
 {"name":"production","tag":"production","color":"#c01c28","readOnly":true,
  "redis":{"url":"redis://127.0.0.1:$3/0"},"profiles":$(demo_profiles)}]}
JSON
}
