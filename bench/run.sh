#!/usr/bin/env bash
# Benchmark: the LLM route (LlmModel + LlmTranslate) against a bare Spring Cloud Gateway route, both in front of
# the same local nginx returning a fixed chat completion, with the same load tool and settings. Also measures the
# design-1 spike (LlmModel + NettyRoutingFilter) for docs/architecture.md.
#
#   bench/run.sh                 # defaults: 3 interleaved rounds of 15 s per route, 32 connections, 2 wrk threads
#   ROUNDS=5 DURATION=30s CONNECTIONS=64 bench/run.sh
#
# Routes are measured in interleaved rounds (bare, llm, spike, bare, ...) and the medians reported, because on a
# shared machine the background load drifts between runs.
#
# Needs: java 17, maven, nginx, wrk, hey  (apt-get install -y wrk nginx-light hey)
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-15s}
ROUNDS=${ROUNDS:-3}
WARMUP=${WARMUP:-15s}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
GATEWAY_PORT=${GATEWAY_PORT:-14000}
export BENCH_UPSTREAM_PORT=${BENCH_UPSTREAM_PORT:-18080}
OUT=bench/results
mkdir -p "$OUT"
JAR=sample-gateway/target/sample-gateway-0.1.0-SNAPSHOT.jar

. bench/lib.sh

require_tools java nginx wrk hey
build_jar_if_missing
start_provider

java -Xms512m -Xmx512m -jar "$JAR" --spring.profiles.active=bench \
	--spring.config.additional-location=file:bench/bench-routes.yml \
	--server.port="$GATEWAY_PORT" --llm.database.path="./$OUT/db/llm" > "$OUT/gateway.log" 2>&1 &
PIDS+=($!)

for _ in $(seq 1 120); do
	curl -sf -o /dev/null "http://127.0.0.1:$GATEWAY_PORT/v1/models" && break
	sleep 1
done
curl -sf -o /dev/null "http://127.0.0.1:$GATEWAY_PORT/v1/models" || { echo "gateway did not start; see $OUT/gateway.log" >&2; exit 1; }

BODY=$(sed -n "s/^wrk.body = '\(.*\)'$/\1/p" bench/post.lua)
URL_BARE="http://127.0.0.1:$GATEWAY_PORT/bare/v1/chat/completions"
URL_LLM="http://127.0.0.1:$GATEWAY_PORT/v1/chat/completions"
URL_SPIKE="http://127.0.0.1:$GATEWAY_PORT/spike/v1/chat/completions"
BODY_TRANSLATING=$(sed -n "s/^wrk.body = '\(.*\)'$/\1/p" bench/post-anthropic.lua)

# sanity: every route answers 200 with the fixed completion
for url in "$URL_BARE" "$URL_LLM" "$URL_SPIKE"; do
	code=$(curl -s -o /dev/null -w '%{http_code}' -H 'content-type: application/json' -d "$BODY" "$url")
	[ "$code" = 200 ] || { echo "$url answered $code" >&2; exit 1; }
done
code=$(curl -s -o /dev/null -w '%{http_code}' -H 'content-type: application/json' -d "$BODY_TRANSLATING" "$URL_LLM")
[ "$code" = 200 ] || { echo "translating route answered $code" >&2; exit 1; }


run_hey() { # name url rate
	local workers=8
	local per_worker
	per_worker=$(awk -v r="$3" -v w="$workers" 'BEGIN { q = int(r / w); if (q < 1) q = 1; print q }')
	hey -z "$DURATION" -c "$workers" -q "$per_worker" -m POST -T application/json -d "$BODY" "$2" > "$OUT/hey-$1.txt"
	local rps p50 p99
	rps=$(awk '/Requests\/sec/ {print $2}' "$OUT/hey-$1.txt")
	p50=$(awk '$1=="50%" {printf "%.2fms", $3 * 1000}' "$OUT/hey-$1.txt")
	p99=$(awk '$1=="99%" {printf "%.2fms", $3 * 1000}' "$OUT/hey-$1.txt")
	printf '%-28s %12s req/s   p50 %9s   p99 %9s\n' "$1 (at $3 req/s)" "$rps" "$p50" "$p99"
}

echo "warm-up ($WARMUP per route)..."
for url in "$URL_BARE" "$URL_LLM" "$URL_SPIKE"; do
	wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -s bench/post.lua "$url" > /dev/null
done
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -s bench/post-anthropic.lua "$URL_LLM" > /dev/null

echo "== saturation: wrk -t$THREADS -c$CONNECTIONS -d$DURATION, $ROUNDS interleaved rounds =="
rm -f "$OUT"/rps-* "$OUT"/p50-* "$OUT"/p99-*
for round in $(seq 1 "$ROUNDS"); do
	run_wrk bare "$URL_BARE" "$round"
	run_wrk llm "$URL_LLM" "$round"
	run_wrk spike-netty-routing "$URL_SPIKE" "$round"
	run_wrk llm-translating "$URL_LLM" "$round" bench/post-anthropic.lua
done
echo "== medians =="
for name in bare llm spike-netty-routing llm-translating; do
	printf '%-24s %10s req/s   p50 %8s ms   p99 %8s ms\n' "$name" "$(median < "$OUT/rps-$name")" \
		"$(median < "$OUT/p50-$name")" "$(median < "$OUT/p99-$name")"
done
bare=$(median < "$OUT/rps-bare")
llm=$(median < "$OUT/rps-llm")
awk -v l="$llm" -v b="$bare" 'BEGIN { printf "LLM route keeps %.1f%% of the bare route throughput (target >= 85%%)\n", 100 * l / b }'
translating=$(median < "$OUT/rps-llm-translating")
awk -v t="$translating" -v l="$llm" 'BEGIN { printf "translating route (OpenAI client -> Anthropic provider) keeps %.1f%% of the pass-through route (target >= 80%%)\n", 100 * t / l }'

half=$(awk -v b="$bare" 'BEGIN { print int(b / 2) }')
echo "== fixed rate: half of the bare saturation ($half req/s), hey -c 8 -z $DURATION =="
run_hey bare "$URL_BARE" "$half"
run_hey llm "$URL_LLM" "$half"
run_hey spike-netty-routing "$URL_SPIKE" "$half"
echo "raw outputs in $OUT/"
