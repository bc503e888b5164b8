#!/usr/bin/env bash
# Runs the unmodified SmartEM agent against a Sightline server built from this worktree, through
# record-proxy.py, in post-, mid- and pre-acquisition mode and on the real samples, checks every run
# (check-run.py) and leaves one recording per run in $WORK/<run>.jsonl. docs/smartem-recording.md says
# how to set it up and how to turn the recordings into the replay test's fixtures.
#
# usage: record-runs.sh AGENT_PYTHON WORK [RUN...]      RUN: post mid pre real twoday (default: the first four)
#   AGENT_PYTHON  the python that smartem-agent-setup.sh printed (../shared/peers/README.md)
#   WORK          an empty folder for the server's data, the visits, logs and recordings
# environment: JAVA (default java), JAR (default sightline-cli/target/sightline.jar),
#   SAMPLES (default ../shared/epu-samples), PORT (server, default 18716; the proxy takes PORT+1,
#   the token stand-in PORT+2)
set -euo pipefail
AGENT_PY=$1 WORK=$(realpath -m "$2"); shift 2
RUNS=${*:-post mid pre real}
HERE=$(cd "$(dirname "$0")" && pwd); ROOT=$(cd "$HERE/../.." && pwd)
JAVA=${JAVA:-java} JAR=${JAR:-$ROOT/sightline-cli/target/sightline.jar}
SAMPLES=${SAMPLES:-$ROOT/../shared/epu-samples} PORT=${PORT:-18716}
PROXY=$((PORT + 1)) TOKENS=$((PORT + 2)) AGENT_ID=smartem-agent-1
mkdir -p "$WORK"; cd "$WORK"
sl() { "$JAVA" -jar "$JAR" "$@"; }
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

if [ ! -f tokens ]; then
  sl token create --data-dir data --role agent --name smartem-agent --agent-id $AGENT_ID | head -1 >tokens
  sl token create --data-dir data --role admin --name admin | head -1 >>tokens
fi
AGENT_TOKEN=$(sed -n 1p tokens) ADMIN_TOKEN=$(sed -n 2p tokens)
printf 'KEYCLOAK_URL=http://127.0.0.1:%s\nKEYCLOAK_REALM=r\nKEYCLOAK_CLIENT_ID=c\nKEYCLOAK_CLIENT_SECRET=s\n' $TOKENS >agent.env
( exec python3 "$ROOT/../shared/peers/token-endpoint.py" $TOKENS "$AGENT_TOKEN" ) & PIDS+=($!)

start_server() {
  ( exec "$JAVA" -jar "$JAR" server --port $PORT --data-dir data >>server.log 2>&1 ) & SERVER=$!; PIDS+=($SERVER)
  for _ in $(seq 120); do curl -sf localhost:$PORT/status >/dev/null && return 0; sleep 0.5; done
  echo "server did not start (server.log)" >&2; exit 3
}
stop_server() { kill -TERM $SERVER; while kill -0 $SERVER 2>/dev/null; do sleep 0.2; done; }
admin() { curl -sf --retry 20 --retry-connrefused --retry-delay 1 -XPOST localhost:$PROXY$1 -H "Authorization: Bearer $ADMIN_TOKEN" -H 'Content-Type: application/json' -d "$2" >/dev/null; }
start_agent() { # NAME VISIT SESSION
  ( exec "$AGENT_PY" -m smartem_agent watch "$2" --api-url http://127.0.0.1:$PROXY --config agent.env \
      --agent-id $AGENT_ID --session-id "$3" --heartbeat-interval 10 -v >>"agent-$1.log" 2>&1 ) & AGENT=$!; PIDS+=($AGENT)
}
stop_agent() {
  kill -INT $AGENT; for _ in $(seq 40); do kill -0 $AGENT 2>/dev/null || return 0; sleep 0.25; done
  kill -TERM $AGENT 2>/dev/null || true; sleep 1; kill -KILL $AGENT 2>/dev/null || true
}
# until the run has had no data request (heartbeats, logs and stream events aside) for $2 seconds
settle() { local last= n; while true; do n=$(grep -cv '/heartbeat"\|/logs"\|"stream":' "$1.jsonl" || true)
  [ "$n" = "$last" ] && return 0; last=$n; sleep "$2"; done; }
# until the agent has read what was already there (it sends nothing new before) for the $2-th time
await_listening() { until [ "$(grep -c 'Now listening for new filesystem events' "agent-$1.log" || true)" -ge "$2" ]; do sleep 1; done; }
await_ack() { for _ in $(seq 120); do grep -q "instructions/$2/ack" "$1.jsonl" && return 0; sleep 0.5; done
  echo "$1: no acknowledgement of $2" >&2; return 1; }
instruction() { admin /debug/session/$1/create-instruction \
  "{\"instruction_id\":\"$2\",\"instruction_type\":\"microscope.control.reorder_gridsquares\",\"payload\":{\"gridsquare_ids\":[\"1\"]}}"; }

run() { # NAME SESSION MODE VISIT
  local name=$1 session=$2 mode=$3 visit=$4
  rm -f "$name.jsonl" "agent-$name.log"
  ( exec python3 "$HERE/record-proxy.py" $PROXY http://127.0.0.1:$PORT "$WORK/$name.jsonl" ) & PROXY_PID=$!; PIDS+=($PROXY_PID)
  sleep 1
  admin /debug/sessions/create "{\"session_id\":\"$session\",\"agent_id\":\"$AGENT_ID\",\"name\":\"$mode\"}"
  case $mode in
    post|real|twoday) start_agent "$name" "$visit" "$session" ;;
    pre) mkdir -p "$visit"; start_agent "$name" "$visit" "$session"; sleep 8
         sl simulate epu "$visit" --seed 11 --rate 20 --no-progress ;;
    mid) ( exec "$JAVA" -jar "$JAR" simulate epu "$visit" --seed 11 --rate 20 --no-progress ) & local sim=$!
         sleep 6; start_agent "$name" "$visit" "$session"; wait $sim ;;
  esac
  await_listening "$name" 1; sleep 5; settle "$name" 10
  instruction "$session" "$name-i1"; await_ack "$name" "$name-i1"
  if [ "$mode" = post ]; then # a server restart: heartbeats and acks go on; the agent's stream ends for
    # good (SmartEM's agent does not reconnect), so the agent is restarted and gets what was sent meanwhile
    echo '{"restart": true}' >>"$name.jsonl"; stop_server; start_server; sleep 12
    instruction "$session" "$name-i2"; sleep 3
    stop_agent; echo '{"agent_restart": true}' >>"$name.jsonl"; start_agent "$name" "$visit" "$session"
    await_ack "$name" "$name-i2"; await_listening "$name" 2; sleep 5; settle "$name" 8
  fi
  sleep 3; stop_agent; kill $PROXY_PID
  python3 "$HERE/check-run.py" "$name.jsonl" http://127.0.0.1:$PORT "$ADMIN_TOKEN"
}

start_server
for r in $RUNS; do
  case $r in
    post) rm -rf v-post; sl simulate epu v-post --seed 7 --no-progress >/dev/null
          run post pOstAcq0000000000000001 post "$WORK/v-post" ;;
    mid) rm -rf v-mid; run mid MidAcq0000000000000001 mid "$WORK/v-mid" ;;
    pre) rm -rf v-pre; run pre PreAcq00000000000000001 pre "$WORK/v-pre" ;;
    real) # the sample has no Metadata/ folder, on which SmartEM's agent crashes: an empty one
          rm -rf v-real; mkdir -p v-real; cp -r "$SAMPLES/grid-2025" v-real/; mkdir -p v-real/grid-2025/Metadata
          run real ReaLSamples00000000001 real "$WORK/v-real" ;;
    twoday) # the two-day benchmark session (420 squares, 6,000 holes, 5,000 micrographs), post-acquisition;
          # checked, too large to keep as a fixture
          rm -rf v-twoday; sl simulate epu v-twoday --benchmark --no-progress >/dev/null
          run twoday TwoDay000000000000000001 twoday "$WORK/v-twoday" ;;
  esac
done
stop_server
