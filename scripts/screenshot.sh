#!/usr/bin/env bash
# Takes docs/screenshot.png: the real window under Xvfb, on a private redis-server seeded with
# token entries as services write them (JWTs with varied lifetimes, a plain-pattern key, a
# broken value and a lock).
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
cd "$PROJECT_ROOT"
ensure_packages "${BUILD_PACKAGES[@]}" xvfb xauth imagemagick
build build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null

work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --dir "$work" >/dev/null &
redis_pid=$!
trap 'kill $redis_pid 2>/dev/null; rm -rf "$work"' EXIT
until redis-cli -p "$port" ping >/dev/null 2>&1; do sleep 0.1; done

b64url() { base64 -w0 | tr '+/' '-_' | tr -d '='; }
now=$(date +%s)
# jwt SUBJECT AUDIENCE ISSUED_AGO LIFETIME SCOPE
jwt() {
    local header payload
    header=$(printf '{"alg":"RS256","typ":"at+jwt","kid":"k1"}' | b64url)
    payload=$(printf '{"iss":"https://login.acme.example","sub":"%s","aud":"%s","client_id":"%s","scope":"%s","iat":%d,"exp":%d,"jti":"%s"}' \
        "$1" "$2" "$1" "$5" $((now - $3)) $((now - $3 + $4)) "$(head -c 9 /dev/urandom | b64url)" | b64url)
    printf '%s.%s.%s' "$header" "$payload" "$(head -c 256 /dev/urandom | b64url)"
}
# seed KEY TTL LIFETIME ISSUED_AGO SUBJECT SCOPE
seed() {
    local token; token=$(jwt "$5" "https://api.acme.example" "$4" "$3" "$6")
    redis-cli -p "$port" SETEX "$1" "$2" "{\"access_token\":\"$token\",\"token_type\":\"Bearer\",\"expires_in\":$3,\"scope\":\"$6\"}" >/dev/null
}
seed oauth2token:billing 3120 3600 420 billing-svc "invoices:read invoices:write"
seed oauth2token:payments 610 3600 2930 payments-svc "payments:write"
seed oauth2token:search 95 900 745 search-svc "catalog:read"
seed oauth2token:shipping 1730 1800 10 shipping-svc "orders:read"
seed oauth2token:reports 41 600 499 reports-svc "reports:read"
redis-cli -p "$port" SETEX oauth2token 2405 '{"access_token":"2YotnFZFEjr1zCsicMWpAA","token_type":"Bearer","expires_in":3600}' >/dev/null
redis-cli -p "$port" SET oauth2token:legacy '<html><body>502 Bad Gateway</body></html>' >/dev/null
redis-cli -p "$port" SET oauth2token:search:lock "{\"holder\":\"worker-7/4121\",\"since\":$(( (now - 2) * 1000 )),\"ttl_ms\":35000}" PX 33000 >/dev/null

cat >"$work/config.json" <<JSON
{"redis":{"url":"redis://127.0.0.1:$port/0"},"profiles":[
 {"name":"billing","tokenUrl":"https://login.acme.example/oauth2/token","clientId":"billing-svc","clientSecret":"env:BILLING_SECRET","scopes":["invoices:read","invoices:write"]},
 {"name":"payments","tokenUrl":"https://login.acme.example/oauth2/token","clientId":"payments-svc","clientSecret":"env:PAYMENTS_SECRET"},
 {"name":"search","tokenUrl":"https://login.acme.example/oauth2/token","clientId":"search-svc","clientSecret":"file:/run/secrets/search"},
 {"name":"shipping","tokenUrl":"https://login.acme.example/oauth2/token","clientId":"shipping-svc","clientSecret":"env:SHIPPING_SECRET"},
 {"name":"reports","tokenUrl":"https://login.acme.example/oauth2/token","clientId":"reports-svc","clientSecret":"env:REPORTS_SECRET"},
 {"name":"seed","tokenUrl":"https://login.acme.example/oauth2/token","clientId":"legacy","clientSecret":"env:SEED_SECRET","key":"oauth2token"}]}
JSON
mkdir -p docs
XDG_CONFIG_HOME="$work/xdg" TOKENCACHE_CONFIG="$work/config.json" xvfb-run -a -s "-screen 0 1400x720x24" \
    bash -c "'$PROJECT_ROOT/build/app/tokencache' & app=\$!; sleep 4; import -window root '$PROJECT_ROOT/docs/screenshot.png'; kill \$app"
echo "wrote docs/screenshot.png"
