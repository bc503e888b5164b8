#!/usr/bin/env bash
# Before/after figures for issue 12 ("Nothing slower"): runs the existing benchmark programs of
# docs/benchmarks.md against two source trees, interleaved (base, new, new, base, ...), N rounds, and prints
# the medians and new/base ratios. Run it on a quiet machine; each round takes a few minutes.
#
#   sightline-bench/compare-issue12.sh BASE_DIR NEW_DIR
#
# Environment (defaults in brackets):
#   N            rounds [5]
#   WORK         scratch folder: workload, logs, results.tsv [/tmp/compare-issue12]
#   MAVEN_ARGS   extra Maven arguments for the builds, e.g. -Dmaven.repo.local=/work/m2/me -o []
#   SKIP_BUILD   1: use the jars and class paths already built in each tree [0]
#   BENCHES      which to run, any of: parse catchup ingest sse [parse catchup ingest sse]
#   INGEST_ARGS  IngestThroughput's batch size and rounds per engine (round 1 is dropped) [2000 4]
#   SSE_ARGS     StreamFanout's clients, events/s and seconds [500 200 30]
#
# Figures, each the median over the rounds (lower is better unless marked ↑):
#   parse.wall / parse.cpu      `sightline parse dir` of the two-day workload, as the launcher runs it
#   catchup.wall / catchup.cpu  AgentEndToEnd catchup: until the last micrograph is on the server; agent CPU
#   ingest.<engine>.eps ↑ / .cpu  IngestThroughput on PostgreSQL and H2 (file): entities/s, JVM CPU per round
#   sse.p99                     StreamFanout: delivery latency p99
# The two trees are built here with `./mvnw package` (nothing is installed into the Maven repository, so the
# trees cannot see each other's modules).
set -euo pipefail

die() { printf 'compare-issue12: %s\n' "$*" >&2; exit 2; }
[ $# -eq 2 ] || die "usage: $0 BASE_DIR NEW_DIR"
base=$(cd "$1" && pwd) || die "no folder $1"
new=$(cd "$2" && pwd) || die "no folder $2"
N=${N:-5}
WORK=${WORK:-/tmp/compare-issue12}
BENCHES=${BENCHES:-parse catchup ingest sse}
INGEST_ARGS=${INGEST_ARGS:-2000 4}
SSE_ARGS=${SSE_ARGS:-500 200 30}
read -r -a maven_args <<< "${MAVEN_ARGS:-}"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
major=$("$java" -XshowSettings:properties -version 2>&1 | sed -nE 's/^ *java\.specification\.version = ([0-9]+).*/\1/p')
[ "${major:-0}" -ge 21 ] || die "$java is Java ${major:-?}; set JAVA_HOME to a JDK 21 or newer"
mkdir -p "$WORK"
results="$WORK/results.tsv"
: > "$results"

build() {
  local tree=$1
  [ "${SKIP_BUILD:-0}" = 1 ] && return 0
  printf 'building %s ...\n' "$tree" >&2
  (cd "$tree" && ./mvnw -B -q -DskipTests ${maven_args[@]+"${maven_args[@]}"} package) >&2
  (cd "$tree" && ./mvnw -B -q -DskipTests ${maven_args[@]+"${maven_args[@]}"} -pl sightline-server -am \
    test-compile dependency:build-classpath -Dmdep.outputFile=cp.txt -Dmdep.includeScope=test) >&2
}

record() { printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" >> "$results"; }

# $1 label (base|new), $2 tree, $3 round
run_parse() {
  local t
  t=$( { /usr/bin/time -f '%e %U %S' "$java" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData \
    -jar "$2/sightline-cli/target/sightline.jar" parse dir "$WORK/visit" --no-progress > /dev/null; } 2>&1 | tail -1)
  read -r wall user sys <<< "$t"
  record parse.wall "$1" "$3" "$wall"
  record parse.cpu "$1" "$3" "$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')"
}

run_catchup() {
  local out line
  out="$WORK/catchup-$1-$3.log"
  (cd "$2" && "$java" -cp sightline-bench/target/benchmarks.jar io.sightline.bench.AgentEndToEnd \
    sightline-cli/target/sightline.jar catchup "$WORK/agent-$1") > "$out" 2>&1
  line=$(grep '^catchup:' "$out" | tail -1) || die "no catchup summary in $out"
  record catchup.wall "$1" "$3" "$(sed -E 's/.* on the server ([0-9.]+) s after.*/\1/' <<< "$line")"
  record catchup.cpu "$1" "$3" "$(sed -E 's/.*CPU until then: agent ([0-9.]+) s.*/\1/' <<< "$line")"
}

run_ingest() {
  local out
  out="$WORK/ingest-$1-$3.log"
  # shellcheck disable=SC2086 # INGEST_ARGS is two words on purpose
  (cd "$2/sightline-server" && "$java" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC \
    -cp "target/test-classes:target/classes:$(cat cp.txt)" io.sightline.server.bench.IngestThroughput \
    $INGEST_ARGS postgresql,h2-file) > "$out" 2>&1 || die "ingest failed, see $out"
  for engine in postgresql h2-file; do
    # rounds 2.. (round 1 warms the JIT); their medians stand for this round
    grep -E "^$engine round ([2-9]|[1-9][0-9]+):" "$out" \
      | sed -E 's/.* = ([0-9.]+) entities\/s.*used ([0-9.]+) s CPU.*/\1 \2/' > "$WORK/ingest.tmp" || true
    [ -s "$WORK/ingest.tmp" ] || die "no $engine rounds after the first in $out (INGEST_ARGS rounds must be >= 2)"
    record "ingest.$engine.eps" "$1" "$3" "$(cut -d' ' -f1 "$WORK/ingest.tmp" | median)"
    record "ingest.$engine.cpu" "$1" "$3" "$(cut -d' ' -f2 "$WORK/ingest.tmp" | median)"
  done
}

run_sse() {
  local out
  out="$WORK/sse-$1-$3.log"
  # shellcheck disable=SC2086
  (cd "$2/sightline-server" && "$java" -cp "target/test-classes:target/classes:$(cat cp.txt)" \
    io.sightline.server.bench.StreamFanout $SSE_ARGS) > "$out" 2>&1 || die "fan-out failed, see $out"
  record sse.p99 "$1" "$3" "$(grep -E 'latency p50' "$out" | tail -1 | sed -E 's/.* p99 ([0-9]+) ms.*/\1/')"
}

median() {
  sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) exit 1; if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

build "$base"
build "$new"
if [[ " $BENCHES " == *" parse "* ]] && [ ! -f "$WORK/visit/.complete" ]; then
  rm -rf "$WORK/visit"
  "$java" -jar "$new/sightline-cli/target/sightline.jar" simulate epu "$WORK/visit" --benchmark > /dev/null
  touch "$WORK/visit/.complete"
fi

for ((round = 1; round <= N; round++)); do
  # alternate which tree goes first, so neither always runs on a machine the other just warmed
  if ((round % 2)); then order=("base:$base" "new:$new"); else order=("new:$new" "base:$base"); fi
  for bench in $BENCHES; do
    for entry in "${order[@]}"; do
      label=${entry%%:*}
      tree=${entry#*:}
      printf 'round %d/%d: %s %s (load %s)\n' "$round" "$N" "$bench" "$label" "$(cut -d' ' -f1 /proc/loadavg)" >&2
      "run_$bench" "$label" "$tree" "$round"
    done
  done
done

printf '\n%-24s %10s %10s %8s   (medians of %d rounds; raw: %s)\n' figure base new new/base "$N" "$results"
cut -f1 "$results" | awk '!seen[$0]++' | while read -r figure; do
  b=$(awk -F'\t' -v f="$figure" '$1 == f && $2 == "base" { print $4 }' "$results" | median)
  n=$(awk -F'\t' -v f="$figure" '$1 == f && $2 == "new" { print $4 }' "$results" | median)
  awk -v f="$figure" -v b="$b" -v n="$n" 'BEGIN { printf "%-24s %10s %10s %8.3f\n", f, b, n, (b == 0 ? 0 : n / b) }'
done
