#!/usr/bin/env bash
# The per-request cost of an API key (docs/decisions/0011): wrk on GET /admin/tax-rates (a small staff read), with the
# admin's JWT and with an API key (catalog:read), alternating, against a Release build. The key costs one indexed read
# of customers_api_keys per request; the JWT a signature check and an in-memory session check.
# Usage: bash bench/quick/api-keys.sh sqlite|postgres [connections] [seconds] [rounds]. postgres starts a throwaway
# cluster (initdb in /tmp, fsync on, as the postgres user when run as root). Needs wrk.
set -euo pipefail
cd "$(dirname "$0")/../.."
provider=${1:-sqlite}; conns=${2:-1}; secs=${3:-8}; rounds=${4:-3}
dll=src/EngineRoom/bin/Release/net10.0/EngineRoom.dll
data=$(mktemp -d); pgdata=""
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
  kill "${server:-0}" 2>/dev/null || true
  [ -n "$pgdata" ] && as_pg pg_ctl -D "$pgdata" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$data" "$pgdata"
}
trap cleanup EXIT
dotnet build -c Release src/EngineRoom -v q -nologo >/dev/null
settings=(--DataDirectory="$data" --Bootstrap:AdminEmail=bench@engineroom.local --Bootstrap:AdminPassword=bench-password-1
  --Logging:LogLevel:Default=Warning --Seed:DemoCatalog=false --ApiKeys:RequestsPerMinute=100000000 --Auth:RequestsPerMinute=100000)
if [ "$provider" = postgres ]; then
  pgdata=$(mktemp -d); [ "$(id -u)" = 0 ] && chown postgres:postgres "$pgdata"
  as_pg initdb -D "$pgdata" -U postgres --auth=trust -E UTF8 --locale=C >/dev/null
  as_pg pg_ctl -D "$pgdata" -o "-p 5499 -k $pgdata -c listen_addresses=127.0.0.1" -l "$pgdata/server.log" -w start >/dev/null
  settings+=(--Database:Provider=postgres "--ConnectionStrings:Postgres=Host=127.0.0.1;Port=5499;Username=postgres;Database=postgres"
    --Database:MigrateOnStartup=true "--Auth:SigningKey=$(head -c 48 /dev/urandom | base64 -w0)")
fi
dotnet "$dll" --urls http://127.0.0.1:5097 "${settings[@]}" >"$data/server.log" 2>&1 &
server=$!
B=http://127.0.0.1:5097
until curl -sf $B/health/ready >/dev/null; do sleep 0.2; kill -0 $server || { cat "$data/server.log"; exit 1; }; done
token=$(curl -s -X POST $B/auth/token -H 'Content-Type: application/json' \
  -d '{"email":"bench@engineroom.local","password":"bench-password-1"}' | grep -o '"accessToken":"[^"]*"' | cut -d'"' -f4)
key=$(curl -s -X POST $B/admin/api-keys -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
  -d '{"name":"bench","scopes":["catalog:read"]}' | grep -o '"key":"[^"]*"' | cut -d'"' -f4)
url="$B/admin/tax-rates"
for t in "$token" "$key"; do [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $t" $url)" = 200 ] || { echo "not 200"; exit 1; }; done
wrk -t1 -c"$conns" -d3s -H "Authorization: Bearer $token" "$url" >/dev/null; wrk -t1 -c"$conns" -d3s -H "Authorization: Bearer $key" "$url" >/dev/null
echo "provider=$provider connections=$conns seconds=$secs GET /admin/tax-rates"
run() { wrk -t1 -c"$conns" -d"${secs}s" --latency -H "Authorization: Bearer $2" "$url" \
  | awk -v who="$1" '/Requests\/sec/ {r=$2} /^ +50%/ {p=$2} /Non-2xx/ {e=$0} END {printf "%-8s %9s req/s  p50 %s %s\n", who, r, p, e}'; }
for i in $(seq "$rounds"); do run "jwt" "$token"; run "api key" "$key"; done
