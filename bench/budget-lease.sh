#!/usr/bin/env bash
# Benchmark: do the Redis budget store's leases pay? The budgeted bench route (LlmModel, LlmSpend, LlmTranslate; every
# request checked and held against one end-user hard budget) with the budget store in Redis, ledger off, in two
# gateways started side by side: leases (lease-requests=32, the default) and per-request admission (lease-requests=0:
# one Redis script per admission, exactly its estimate). Settlement is group-committed in both. The gateways, wrk and
# the nginx "provider" share core $CORE (taskset), so Redis (a shared server that is not restarted for this) has the
# other core to itself as far as the rest of the machine allows. Rounds alternate between the two gateways; per round:
# req/s, gateway CPU per request (/proc utime+stime) and Redis round trips per request (llm.spend.budget.store.calls).
#
#   bench/budget-lease.sh                      # 5 rounds of 15 s each, after 20 s warm-up, 16 connections
#   ROUNDS=3 DURATION=10s bench/budget-lease.sh
#
# Needs: java 17, nginx, wrk, curl, taskset; Redis on 127.0.0.1:6379. Ports BASE_PORT, BASE_PORT+1, BENCH_UPSTREAM_PORT.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-15s}
ROUNDS=${ROUNDS:-5}
WARMUP=${WARMUP:-20s}
CONNECTIONS=${CONNECTIONS:-16}
THREADS=${THREADS:-1}
CORE=${CORE:-0}
BASE_PORT=${BASE_PORT:-14100}
export BENCH_UPSTREAM_PORT=${BENCH_UPSTREAM_PORT:-18180}
OUT=bench/results/budget-lease
PREFIX=${PREFIX:-llm:budget:lease-bench:$$:}
mkdir -p "$OUT"
JAR=sample-gateway/target/sample-gateway-0.1.0-SNAPSHOT.jar
. bench/lib.sh

require_tools java nginx wrk curl taskset
[ -f "$JAR" ] || { echo "build the jar first: mvn -B -q -pl sample-gateway -am package -DskipTests" >&2; exit 1; }
sed "s/__PORT__/$BENCH_UPSTREAM_PORT/; s#/tmp/llm-bench-nginx#$(pwd)/$OUT/nginx#g" bench/nginx.conf > "$OUT/nginx.conf"
taskset -c "$CORE" nginx -c "$(pwd)/$OUT/nginx.conf" -p "$(pwd)/$OUT" &
PIDS+=($!)

MODES=(leases per-request)
declare -A LEASE=([leases]=32 [per-request]=0) PORT=([leases]=$BASE_PORT [per-request]=$((BASE_PORT + 1))) GW=()
for mode in "${MODES[@]}"; do
	taskset -c "$CORE" java -Xms512m -Xmx512m -XX:ActiveProcessorCount=1 -jar "$JAR" --spring.profiles.active=bench \
		--spring.config.additional-location=file:bench/bench-routes.yml --server.port="${PORT[$mode]}" \
		--llm.database.enabled=false --llm.spend.ledger.enabled=false \
		--llm.spend.budget-store.backend=redis --llm.spend.budget-store.key-prefix="$PREFIX$mode:" \
		--llm.spend.budget-store.lease-requests="${LEASE[$mode]}" \
		> "$OUT/gateway-$mode.log" 2>&1 &
	GW[$mode]=$!
	PIDS+=(${GW[$mode]})
done
BODY=$(sed -n "s/^wrk.body = '\(.*\)'$/\1/p" bench/post-budgeted.lua)
for mode in "${MODES[@]}"; do
	for _ in $(seq 1 180); do
		curl -sf -o /dev/null "http://127.0.0.1:${PORT[$mode]}/v1/models" && break
		sleep 1
	done
	cost=$(curl -s -D - -o /dev/null -H 'content-type: application/json' -d "$BODY" \
		"http://127.0.0.1:${PORT[$mode]}/budgeted/v1/chat/completions" | awk 'tolower($1) == "x-llm-response-cost:" { print $2 }' | tr -d '\r')
	[ -n "$cost" ] || { echo "$mode: the budgeted route answered without a cost; see $OUT/gateway-$mode.log" >&2; exit 1; }
	echo "warm-up $mode ($WARMUP)..."
	taskset -c "$CORE" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -s bench/post-budgeted.lua \
		"http://127.0.0.1:${PORT[$mode]}/budgeted/v1/chat/completions" > /dev/null
done

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
calls() { curl -s "http://127.0.0.1:$1/actuator/prometheus" | awk '/^llm_spend_budget_store_calls_total/ { s += $2 } END { printf "%d", s }'; }
errors() { curl -s "http://127.0.0.1:$1/actuator/prometheus" | awk '/^llm_spend_budget_store_errors/ { s += $2 } END { printf "%d", s }'; }
TICK=$(getconf CLK_TCK)
rm -f "$OUT"/row-*
for round in $(seq 1 "$ROUNDS"); do
	for mode in "${MODES[@]}"; do
		port=${PORT[$mode]}
		c0=$(cpu_ticks "${GW[$mode]}"); r0=$(calls "$port")
		taskset -c "$CORE" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s bench/post-budgeted.lua \
			"http://127.0.0.1:$port/budgeted/v1/chat/completions" > "$OUT/wrk-$mode-$round.txt"
		sleep 0.5   # the last settlements flush
		c1=$(cpu_ticks "${GW[$mode]}"); r1=$(calls "$port")
		n=$(awk '/requests in/ { print $1 }' "$OUT/wrk-$mode-$round.txt")
		rps=$(awk '/^Requests\/sec/ { print $2 }' "$OUT/wrk-$mode-$round.txt")
		p50=$(to_ms "$(awk '$1=="50%" { print $2 }' "$OUT/wrk-$mode-$round.txt")")
		awk -v m="$mode" -v r="$round" -v n="$n" -v rps="$rps" -v p50="$p50" -v c="$((c1 - c0))" -v t="$TICK" \
			-v rt="$((r1 - r0))" 'BEGIN { printf "  round %s %-12s %9.0f req/s  p50 %6s ms  %6.0f us CPU/req  %6.3f Redis calls/req\n",
				r, m, rps, p50, c * 1e6 / t / n, rt / n }' | tee -a "$OUT/row-$mode"
	done
done

echo "== medians ($ROUNDS rounds of $DURATION, $CONNECTIONS connections, gateway + wrk + nginx on core $CORE) =="
for mode in "${MODES[@]}"; do
	printf '%-12s %9s req/s  p50 %6s ms  %6s us CPU/req  %6s Redis calls/req  (budget store errors: %s)\n' "$mode" \
		"$(awk '{ print $4 }' "$OUT/row-$mode" | median)" "$(awk '{ print $7 }' "$OUT/row-$mode" | median)" \
		"$(awk '{ print $9 }' "$OUT/row-$mode" | median)" "$(awk '{ print $12 }' "$OUT/row-$mode" | median)" \
		"$(errors "${PORT[$mode]}")"
done
redis-cli --scan --pattern "$PREFIX*" 2>/dev/null | xargs -r redis-cli del > /dev/null 2>&1 || true
