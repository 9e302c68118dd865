#!/usr/bin/env bash
# Start-up cost of the starter: the same plain Spring Cloud Gateway application (starter-tests'
# PlainGatewayApplication, one route to /v1/chat/completions) started N times without the starter (a plain proxy
# route) and with it (the route carries LlmModel + LlmTranslate, one model, a master key, none of the optional
# libraries). At "Started ..." it reads the JVM's CPU time (utime+stime of /proc/PID/stat, all threads) and peak RSS
# (VmHWM of /proc/PID/status), then stops it. Prints the medians and the ratio; results in docs/benchmarks.md.
#
#   bench/startup.sh [N]      (default N=5; ports BASE_PORT (4140) and BENCH_UPSTREAM_PORT (BASE_PORT+1); set
#                              JAVA_OPTS to add JVM options)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-5}
PORT=${BASE_PORT:-4140}
UPSTREAM_PORT=${BENCH_UPSTREAM_PORT:-$((PORT + 1))}
OUT=target/bench-startup
mkdir -p "$OUT"

mvn -B -o -q -pl starter-tests -am package -DskipTests
mvn -B -o -q -pl starter-tests dependency:build-classpath -Pbare -DincludeScope=runtime \
	-Dmdep.outputFile="$(pwd)/$OUT/bare-classpath.txt"
CLASSES="$(pwd)/starter-tests/target/classes"
WITH_CP="$(cat starter-tests/target/app-classpath.txt):$CLASSES"
BARE_CP="$(cat "$OUT/bare-classpath.txt"):$CLASSES"
TICK=$(getconf CLK_TCK)
R=--spring.cloud.gateway.server.webflux.routes[0]

run_once() { # name classpath args... -> "cpu_seconds hwm_mib"
	local name=$1 cp=$2; shift 2
	local dir log pid cpu hwm
	dir=$(mktemp -d) log="$(pwd)/$OUT/$name.last.log"
	# an empty working directory each time; exec, so $! is the JVM itself
	(cd "$dir" && exec java ${JAVA_OPTS:-} -cp "$cp" io.llmgateway.startertests.PlainGatewayApplication \
		--server.port=$PORT "$@" > "$log" 2>&1) &
	pid=$!
	for _ in $(seq 1 1800); do
		if grep -q "Started PlainGatewayApplication" "$log" 2>/dev/null; then break; fi
		if ! kill -0 "$pid" 2>/dev/null; then echo "$name did not start:" >&2; cat "$log" >&2; exit 1; fi
		sleep 0.1
	done
	cpu=$(awk -v t="$TICK" '{ printf "%.2f", ($14 + $15) / t }' "/proc/$pid/stat")
	hwm=$(awk '/^VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$pid/status")
	kill "$pid"; wait "$pid" 2>/dev/null || true
	echo "files left in the working directory: $(ls -A "$dir" | wc -l)" >> "$log"
	rm -rf "$dir"
	echo "$cpu $hwm"
}

median() { sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

: > "$OUT/bare.txt"; : > "$OUT/starter.txt"
for i in $(seq 1 "$N"); do
	run_once bare "$BARE_CP" "$R.id=chat" "$R.uri=http://127.0.0.1:$UPSTREAM_PORT" \
		"$R.predicates[0]=Path=/v1/chat/completions" >> "$OUT/bare.txt"
	run_once starter "$WITH_CP" "$R.id=chat" "$R.uri=http://unused.invalid" \
		"$R.predicates[0]=Path=/v1/chat/completions" "$R.filters[0]=LlmModel" "$R.filters[1]=LlmTranslate" \
		--llm.models[0].name=gpt --llm.models[0].provider=openai-compatible --llm.models[0].model=m \
		--llm.models[0].api-base=http://127.0.0.1:$UPSTREAM_PORT/v1 --llm.keys.master-key=sk-bench >> "$OUT/starter.txt"
	echo "round $i: bare $(tail -1 "$OUT/bare.txt")  starter $(tail -1 "$OUT/starter.txt")  (cpu s, VmHWM MiB)"
done
bc=$(awk '{print $1}' "$OUT/bare.txt" | median); bm=$(awk '{print $2}' "$OUT/bare.txt" | median)
sc=$(awk '{print $1}' "$OUT/starter.txt" | median); sm=$(awk '{print $2}' "$OUT/starter.txt" | median)
echo "median CPU s: bare $bc, starter $sc, ratio $(awk -v a="$sc" -v b="$bc" 'BEGIN { printf "%.2f", a / b }')"
echo "median VmHWM MiB: bare $bm, starter $sm, ratio $(awk -v a="$sm" -v b="$bm" 'BEGIN { printf "%.2f", a / b }')"
echo "classpath jars: bare $(tr ':' '\n' < "$OUT/bare-classpath.txt" | grep -c '\.jar$'), starter $(tr ':' '\n' < starter-tests/target/app-classpath.txt | grep -c '\.jar$')"
