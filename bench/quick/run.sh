#!/usr/bin/env bash
# A quick checkout latency run: the Release server, wrk driving Buy Now (one Idempotency-Key per request).
# Usage: bash bench/quick/run.sh [sqlite|postgres] [connections] [seconds]. Needs wrk (apt-get install -y wrk);
# postgres needs the PostgreSQL server binaries (a throwaway cluster is started, as the postgres user when root).
set -euo pipefail
cd "$(dirname "$0")/../.."
provider=${1:-sqlite}; conns=${2:-8}; secs=${3:-20}
data=$(mktemp -d); chmod 755 "$data"
cleanup() {
  kill "${server:-0}" 2>/dev/null || true
  if [ -n "${pgctl:-}" ]; then $as_pg "$pgctl" -D "$data/pg" -m immediate stop >/dev/null 2>&1 || true; fi
  rm -rf "$data"
}
trap cleanup EXIT
args=(--urls http://127.0.0.1:5099 --DataDirectory="$data" --Bootstrap:AdminEmail=bench@engineroom.local
      --Bootstrap:AdminPassword=bench-password-1 --Logging:LogLevel:Default=Warning)
if [ "$provider" = postgres ]; then
  bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1); pgctl="$bin/pg_ctl"
  as_pg=""; [ "$(id -u)" -eq 0 ] && as_pg="runuser -u postgres --"
  mkdir "$data/pg"; [ -n "$as_pg" ] && chown postgres "$data/pg"
  $as_pg "$bin/initdb" -D "$data/pg" -U postgres --auth=trust -E UTF8 --locale=C --no-sync >/dev/null
  $as_pg "$pgctl" -D "$data/pg" -o "-p 5499 -k $data/pg -c listen_addresses=127.0.0.1 -c max_connections=200" -l "$data/pg/log" -w start >/dev/null
  args+=(--Database:Provider=postgres "--ConnectionStrings:Postgres=Host=127.0.0.1;Port=5499;Username=postgres;Database=postgres"
         --Auth:SigningKey="$(head -c 48 /dev/urandom | base64 -w0)" --Database:MigrateOnStartup=true --Seed:DemoCatalog=true)
fi
args+=(--RateLimits:BuyNowPerMinute=10000000) # one client address sends all the load
args+=(--Email:Enabled=false) # Production refuses to start without an SMTP server (docs/email.md); no mail is measured here
dotnet build -c Release src/EngineRoom -v q -nologo >/dev/null
dotnet src/EngineRoom/bin/Release/net10.0/EngineRoom.dll "${args[@]}" >"$data/server.log" 2>&1 &
server=$!
until curl -sf http://127.0.0.1:5099/health/ready >/dev/null; do sleep 0.1; kill -0 $server || { cat "$data/server.log"; exit 1; }; done
token=$(curl -s -X POST http://127.0.0.1:5099/auth/token -H 'Content-Type: application/json' \
  -d '{"email":"bench@engineroom.local","password":"bench-password-1"}' | grep -o '"accessToken":"[^"]*"' | cut -d'"' -f4)
export SKU=DEMO-0001-1
curl -sf -X POST "http://127.0.0.1:5099/admin/inventory/$SKU/adjustments" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
  -d '{"delta":1000000,"reason":"received"}' >/dev/null
echo "provider=$provider connections=$conns seconds=$secs"
wrk -t1 -c"$conns" -d"${secs}s" --latency -s bench/quick/buy-now.lua http://127.0.0.1:5099
