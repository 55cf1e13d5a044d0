#!/usr/bin/env bash
# Load test of the API on loopback, run from the repository root. Needs wrk (apt-get install wrk).
#
# In one run, taking turns: GET /health (the framework's floor for a small answer), the same traffic as an evaluation
# without evaluating (bench/load/floor: the profile read, a 233 KB verdict document sent), and POST /evaluations with
# the full and the summary document, then the full document for every example profile in turn (bench/load/varied.lua).
# With BASELINE=<commit>, that commit's API takes its turns too, so that before and after are measured under the same
# load. Each server is warmed for WARMUP seconds first: under load the JIT takes about half a minute to bring the API
# to full speed.
set -euo pipefail
PORT=${PORT:-5300}
WARMUP=${WARMUP:-40}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-20}
ROUNDS=${ROUNDS:-2}
WORK=$(mktemp -d)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2> /dev/null || true; done
  if [ -n "${BASELINE:-}" ]; then git worktree remove --force "$WORK/baseline-src" 2> /dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

# wrk's summary, then the CPU the server used per request (user and system, from /proc): steadier than requests
# per second when other machines share the host.
measure() { # title, pid of the server, url, wrk arguments...
  local title=$1 pid=$2 url=$3 before after requests
  shift 3
  before=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  echo "== $title"
  wrk -t2 -c16 -d"${SECONDS_PER_RUN}s" --latency "$url" "$@" | tee "$WORK/wrk.txt"
  after=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  requests=$(awk '/requests in/ {print $1}' "$WORK/wrk.txt")
  echo "server CPU per request: $(( (after - before) * 10000 / requests )) µs"
}

start_api() { # publish dir, port
  ClusterFinance__Catalogue="$PWD" ClusterFinance__Database="$WORK/db-$2.sqlite" ASPNETCORE_ENVIRONMENT=Production \
    Logging__LogLevel__Default=Warning dotnet "$1/ClusterFinance.Api.dll" --urls "http://127.0.0.1:$2" > "$WORK/api-$2.log" 2>&1 &
  PIDS+=($!)
  PID_OF[$2]=$!
  until curl -sf "http://127.0.0.1:$2/health" > /dev/null; do sleep 1; done
}
declare -A PID_OF

EVAL="/evaluations?asOf=2026-11-26"
dotnet publish src/ClusterFinance.Api -c Release -o "$WORK/api" -v q
start_api "$WORK/api" "$PORT"
TARGETS=("after:$PORT")
if [ -n "${BASELINE:-}" ]; then
  git worktree add --detach "$WORK/baseline-src" "$BASELINE" > /dev/null
  dotnet publish "$WORK/baseline-src/src/ClusterFinance.Api" -c Release -o "$WORK/baseline" -v q
  start_api "$WORK/baseline" $((PORT + 1))
  TARGETS=("before:$((PORT + 1))" "after:$PORT")
fi

# The floor answers with the very document the API gives for the profile that is sent.
curl -sf -X POST -H 'Content-Type: application/json' --data @examples/profiles/ro-nord-est-ict-cluster.json \
  "http://127.0.0.1:$PORT$EVAL" -o "$WORK/document.json"
dotnet publish bench/load/floor -c Release -o "$WORK/floor" -v q
dotnet "$WORK/floor/ClusterFinance.LoadFloor.dll" "$WORK/document.json" --urls "http://127.0.0.1:$((PORT + 2))" > "$WORK/floor.log" 2>&1 &
PIDS+=($!)
PID_OF[$((PORT + 2))]=$!
until curl -sf -o /dev/null -X POST --data '{}' "http://127.0.0.1:$((PORT + 2))/evaluations"; do sleep 1; done

for target in "${TARGETS[@]}"; do
  wrk -t2 -c16 -d"${WARMUP}s" "http://127.0.0.1:${target#*:}$EVAL" -s bench/load/evaluate.lua > /dev/null
done
for round in $(seq "$ROUNDS"); do
  measure "round $round: GET /health" "${PID_OF[$PORT]}" "http://127.0.0.1:$PORT/health"
  measure "round $round: floor (profile in, document out)" "${PID_OF[$((PORT + 2))]}" "http://127.0.0.1:$((PORT + 2))/evaluations" -s bench/load/evaluate.lua
  for target in "${TARGETS[@]}"; do
    port=${target#*:}
    measure "round $round: ${target%%:*}: POST /evaluations (full)" "${PID_OF[$port]}" "http://127.0.0.1:$port$EVAL" -s bench/load/evaluate.lua
    measure "round $round: ${target%%:*}: POST /evaluations (summary)" "${PID_OF[$port]}" "http://127.0.0.1:$port$EVAL&detail=summary" -s bench/load/evaluate.lua
    measure "round $round: ${target%%:*}: POST /evaluations (full, six profiles in turn)" "${PID_OF[$port]}" "http://127.0.0.1:$port$EVAL" -s bench/load/varied.lua
  done
done
