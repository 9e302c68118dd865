#!/usr/bin/env bash
# Benchmark: what LlmSpend costs on the request path. The LLM route (LlmModel + LlmTranslate) against the same route
# with LlmSpend (exact price, one ledger row per request into PostgreSQL, and an end-user hard budget that every
# request is checked against and holds its estimate on), with the budget store in memory and then in Redis. Same
# nginx "provider" and load settings as bench/run.sh; routes are measured in interleaved rounds, medians reported.
#
#   bench/budget.sh              # defaults: 3 rounds of 15 s per route and backend, 32 connections, 2 wrk threads
#   BACKENDS=redis ROUNDS=5 bench/budget.sh
#   BACKENDS="local-noledger redis-noledger" bench/budget.sh   # the same without the ledger (no PostgreSQL writes)
#
# Needs: java 17, maven, nginx, wrk, psql; PostgreSQL on 127.0.0.1:5432 (database test) and Redis on 127.0.0.1:6379.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-15s}
ROUNDS=${ROUNDS:-3}
WARMUP=${WARMUP:-15s}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
BACKENDS=${BACKENDS:-local redis}
GATEWAY_PORT=${GATEWAY_PORT:-14000}
export BENCH_UPSTREAM_PORT=${BENCH_UPSTREAM_PORT:-18080}
OUT=bench/results/budget
SCHEMA=bench_budget
mkdir -p "$OUT"
JAR=sample-gateway/target/sample-gateway-0.1.0-SNAPSHOT.jar
. bench/lib.sh

require_tools java nginx wrk psql redis-cli
build_jar_if_missing
start_provider

psql -h 127.0.0.1 -U postgres -d test -q -c "DROP SCHEMA IF EXISTS $SCHEMA CASCADE; CREATE SCHEMA $SCHEMA;"
rm -f "$OUT"/rps-* "$OUT"/p50-* "$OUT"/p99-*
URL_LLM="http://127.0.0.1:$GATEWAY_PORT/v1/chat/completions"
URL_BUDGETED="http://127.0.0.1:$GATEWAY_PORT/budgeted/v1/chat/completions"
BODY=$(sed -n "s/^wrk.body = '\(.*\)'$/\1/p" bench/post-budgeted.lua)

for backend in $BACKENDS; do
	store=${backend%-noledger}
	ledger=true
	[ "$store" = "$backend" ] || ledger=false
	redis-cli --scan --pattern 'llm:budget:bench:*' | xargs -r redis-cli del > /dev/null
	java -Xms512m -Xmx512m -jar "$JAR" --spring.profiles.active=bench \
		--spring.config.additional-location=file:bench/bench-routes.yml --server.port="$GATEWAY_PORT" \
		--llm.datasource.url="jdbc:postgresql://127.0.0.1:5432/test?reWriteBatchedInserts=true" \
		--llm.datasource.schema="$SCHEMA" --llm.datasource.username=postgres \
		--llm.spend.journal.directory="./$OUT/journal" \
		--llm.spend.budget-store.backend="$store" --llm.spend.budget-store.key-prefix=llm:budget:bench: \
		--llm.spend.ledger.enabled="$ledger" \
		> "$OUT/gateway-$backend.log" 2>&1 &
	gateway=$!
	PIDS+=($gateway)
	for _ in $(seq 1 120); do
		curl -sf -o /dev/null "http://127.0.0.1:$GATEWAY_PORT/v1/models" && break
		sleep 1
	done
	cost=$(curl -s -D - -o /dev/null -H 'content-type: application/json' -d "$BODY" "$URL_BUDGETED" \
		| awk 'tolower($1) == "x-llm-response-cost:" { print $2 }' | tr -d '\r')
	[ -n "$cost" ] || { echo "budgeted route ($backend) answered without a cost; see $OUT/gateway-$backend.log" >&2; exit 1; }
	echo "== budget store: $backend (one request costs \$$cost) =="
	echo "warm-up ($WARMUP per route)..."
	wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -s bench/post.lua "$URL_LLM" > /dev/null
	wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -s bench/post-budgeted.lua "$URL_BUDGETED" > /dev/null
	for round in $(seq 1 "$ROUNDS"); do
		run_wrk "llm-$backend" "$URL_LLM" "$round"
		run_wrk "llm+spend-$backend" "$URL_BUDGETED" "$round" bench/post-budgeted.lua
	done
	sleep 2
	errors=$(curl -s "http://127.0.0.1:$GATEWAY_PORT/actuator/prometheus" | awk '/^llm_spend_budget_store_errors/ { s += $2 } END { print s + 0 }')
	echo "  budget store errors during the run: $errors"
	kill "$gateway"
	wait "$gateway" 2>/dev/null || true
done

echo "== medians =="
for backend in $BACKENDS; do
	for name in "llm-$backend" "llm+spend-$backend"; do
		printf '%-24s %10s req/s   p50 %8s ms   p99 %8s ms\n' "$name" "$(median < "$OUT/rps-$name")" \
			"$(median < "$OUT/p50-$name")" "$(median < "$OUT/p99-$name")"
	done
	awk -v s="$(median < "$OUT/rps-llm+spend-$backend")" -v l="$(median < "$OUT/rps-llm-$backend")" -v b="$backend" \
		'BEGIN { printf "with LlmSpend and a held budget (%s): %.1f%% of the route without it\n", b, 100 * s / l }'
done
rows=$(psql -h 127.0.0.1 -U postgres -d test -tAq -c "SELECT COUNT(*) FROM $SCHEMA.llm_spend_log")
echo "ledger rows written to PostgreSQL: $rows"
echo "raw outputs in $OUT/"
