#!/usr/bin/env bash
# The cost of the per-request token check (docs/decisions/0005): wrk on GET /store/products?limit=20, signed in as a
# customer (the output cache is bypassed for signed-in callers) and anonymous, against a Release build on SQLite.
# Usage: bash bench/quick/lists.sh [server.dll] [connections] [seconds]. To compare two builds, run it once per
# build's EngineRoom.dll, alternating a few times (the machine's noise is larger than the difference). Needs wrk.
set -euo pipefail
cd "$(dirname "$0")/../.."
dll=${1:-src/EngineRoom/bin/Release/net10.0/EngineRoom.dll}; conns=${2:-16}; secs=${3:-10}
data=$(mktemp -d)
cleanup() { kill "${server:-0}" 2>/dev/null || true; rm -rf "$data"; }
trap cleanup EXIT
[ "$#" -ge 1 ] || dotnet build -c Release src/EngineRoom -v q -nologo >/dev/null
dotnet "$dll" --urls http://127.0.0.1:5098 --DataDirectory="$data" --Bootstrap:AdminEmail=bench@engineroom.local \
  --Bootstrap:AdminPassword=bench-password-1 --Logging:LogLevel:Default=Warning >"$data/server.log" 2>&1 &
server=$!
until curl -sf http://127.0.0.1:5098/health/ready >/dev/null; do sleep 0.1; kill -0 $server || { cat "$data/server.log"; exit 1; }; done
curl -sf -X POST http://127.0.0.1:5098/auth/register -H 'Content-Type: application/json' \
  -d '{"email":"bench-customer@example.com","password":"bench-password-1","name":"Bench"}' >/dev/null
token=$(curl -s -X POST http://127.0.0.1:5098/auth/token -H 'Content-Type: application/json' \
  -d '{"email":"bench-customer@example.com","password":"bench-password-1"}' | grep -o '"accessToken":"[^"]*"' | cut -d'"' -f4)
url="http://127.0.0.1:5098/store/products?limit=20"
wrk -t1 -c"$conns" -d5s -H "Authorization: Bearer $token" "$url" >/dev/null # warm-up
echo "dll=$dll connections=$conns seconds=$secs"
echo -n "signed in: "; wrk -t1 -c"$conns" -d"${secs}s" -H "Authorization: Bearer $token" "$url" | grep -E "Requests/sec|Non-2xx" | tr '\n' ' '; echo
echo -n "anonymous: "; wrk -t1 -c"$conns" -d"${secs}s" "$url" | grep -E "Requests/sec|Non-2xx" | tr '\n' ' '; echo
