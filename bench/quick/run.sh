#!/usr/bin/env bash
# A quick checkout latency run on the embedded SQLite default: Release server, wrk driving Buy Now.
# Usage: bash bench/quick/run.sh [connections] [seconds]. Needs wrk (apt-get install -y wrk).
set -euo pipefail
cd "$(dirname "$0")/../.."
conns=${1:-8}; secs=${2:-20}
data=$(mktemp -d)
dotnet build -c Release src/EngineRoom -v q -nologo >/dev/null
dotnet src/EngineRoom/bin/Release/net10.0/EngineRoom.dll --urls http://127.0.0.1:5099 --DataDirectory="$data" \
  --Bootstrap:AdminEmail=bench@engineroom.local --Bootstrap:AdminPassword=bench-password-1 --Logging:LogLevel:Default=Warning >"$data/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$data"' EXIT
until curl -sf http://127.0.0.1:5099/health/ready >/dev/null; do sleep 0.1; done
token=$(curl -s -X POST http://127.0.0.1:5099/auth/token -H 'Content-Type: application/json' \
  -d '{"email":"bench@engineroom.local","password":"bench-password-1"}' | grep -o '"accessToken":"[^"]*"' | cut -d'"' -f4)
export SKU=DEMO-0001-1
curl -sf -X POST "http://127.0.0.1:5099/admin/inventory/$SKU/adjustments" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
  -d '{"delta":1000000,"reason":"received"}' >/dev/null
wrk -t1 -c"$conns" -d"${secs}s" --latency -s bench/quick/buy-now.lua http://127.0.0.1:5099
