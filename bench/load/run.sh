#!/usr/bin/env bash
# Load test of the API on loopback: POST /evaluations (full and summary documents) beside GET /health, the floor
# the framework allows, in the same run. Needs wrk (apt-get install wrk). Run from the repository root.
set -euo pipefail
PORT=${PORT:-5300}
WORK=$(mktemp -d)
dotnet publish src/ClusterFinance.Api -c Release -o "$WORK/api" -v q
ClusterFinance__Catalogue="$PWD" ClusterFinance__Database="$WORK/db.sqlite" ASPNETCORE_ENVIRONMENT=Production \
  Logging__LogLevel__Default=Warning dotnet "$WORK/api/ClusterFinance.Api.dll" --urls "http://127.0.0.1:$PORT" > "$WORK/api.log" 2>&1 &
API=$!
trap 'kill $API; rm -rf "$WORK"' EXIT
until curl -sf "http://127.0.0.1:$PORT/health" > /dev/null; do sleep 1; done

EVAL="http://127.0.0.1:$PORT/evaluations?asOf=2026-11-26"
wrk -t2 -c16 -d8s "$EVAL" -s bench/load/evaluate.lua > /dev/null   # warm-up
for run in 1 2; do
  echo "== GET /health";                    wrk -t2 -c16 -d20s --latency "http://127.0.0.1:$PORT/health"
  echo "== POST /evaluations (full)";       wrk -t2 -c16 -d20s --latency "$EVAL" -s bench/load/evaluate.lua
  echo "== POST /evaluations (summary)";    wrk -t2 -c16 -d20s --latency "$EVAL&detail=summary" -s bench/load/evaluate.lua
done
