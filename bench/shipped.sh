#!/usr/bin/env bash
# Benchmark of the shipped configuration (issue "performance of the shipped configuration"): the sample gateway as a
# user runs it (its routes and defaults unchanged: LlmModel, LlmSpend with the ledger on the embedded database,
# LlmCache, LlmTokenRateLimit, LlmTranslate; virtual keys on with the master key; access log and meters on), only its
# models pointed at a local nginx "provider", against a bare Spring Cloud Gateway route in the same run.
#
#   bench/shipped.sh                          # defaults below
#   ROUNDS=5 DURATION=20s bench/shipped.sh
#   WARMUP_MAX=600 SETTLED=1 bench/shipped.sh  # longer, stricter warm-up
#   VARIANTS="bare shipped" bench/shipped.sh  # only some rows
#
# Method: every gateway is its own JVM pinned to core $GATEWAY_CPU (taskset, all threads, after start-up); wrk, hey and
# nginx are pinned to core $LOAD_CPU. Each gateway is warmed up in turn (chat, then stream) until its JIT has settled,
# then all are measured one at a time in interleaved rounds (bare, shipped, minimal, each feature switched off, then
# the next round), chat and stream; medians reported.
# Warm means: the JIT compiled for less than SETTLED % (2) of the last WARMUP_STEP (15 s) window (at least WARMUP,
# at most WARMUP_MAX s per gateway and mode). On one core C2 takes minutes to compile the shipped filter chain; a fixed short
# warm-up measured the JIT (the shipped row rose 4x between the 1st and the 8th 15 s window), not the gateway.
# CPU and bytes allocated per request come from the gateway's own counters (GET /bench/jvm, profile "bench") read
# before each window and after it, once the gateway has gone idle again, so work a window leaves behind (ledger rows
# still being written) is charged to it and not to the next gateway measured. Latency: wrk -c1 (p50/p99 at one
# connection) and hey at half the bare saturation.
# At the end every gateway is stopped cleanly and its ledger rows are counted against the 2xx answers it gave.
#
# Rows other than "bare" and "shipped" are labelled for what they are: "minimal" is LlmModel + LlmTranslate with keys
# and access log off (not what users run); "no-<feature>" is the shipped configuration with that one feature off, so
# shipped minus no-<feature> is that feature's cost.
#
# Needs: java 17, maven, nginx, wrk, hey, taskset (apt-get install -y wrk nginx-light hey util-linux)
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-15s}
ROUNDS=${ROUNDS:-3}
WARMUP=${WARMUP:-30}          # least warm-up, seconds per gateway and mode
WARMUP=${WARMUP%s}
WARMUP_STEP=${WARMUP_STEP:-15} # seconds per warm-up window
WARMUP_MAX=${WARMUP_MAX:-420}  # most warm-up, seconds per gateway and mode
SETTLED=${SETTLED:-2}          # warm when the JIT compiled for less than this % of a window
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-1}
GATEWAY_CPU=${GATEWAY_CPU:-0}
LOAD_CPU=${LOAD_CPU:-1}
BASE_PORT=${BASE_PORT:-14100}
# no-ratelimit / no-spend switch the feature off; its filter stays on the shipped routes as a pass-through
VARIANTS=${VARIANTS:-bare shipped minimal no-keys no-ledger no-spend no-ratelimit no-accesslog no-observe}
export BENCH_UPSTREAM_PORT=${BENCH_UPSTREAM_PORT:-18080}
OUT=bench/results/shipped
JAR=sample-gateway/target/sample-gateway-0.1.0-SNAPSHOT.jar
H2_JAR=$(ls ~/.m2/repository/com/h2database/h2/*/h2-*.jar 2>/dev/null | sort -V | tail -1)
MASTER_KEY=sk-bench-master
rm -rf "$OUT"
mkdir -p "$OUT"

. bench/lib.sh
require_tools java nginx wrk hey taskset curl
build_jar_if_missing

# nginx pinned to the load core
sed "s/__PORT__/$BENCH_UPSTREAM_PORT/" bench/nginx.conf > "$OUT/nginx.conf"
taskset -c "$LOAD_CPU" nginx -c "$(pwd)/$OUT/nginx.conf" -p "$(pwd)/$OUT" &
PIDS+=($!)

variant_args() { # variant -> the gateway's extra arguments
	local shipped="--spring.config.additional-location=file:bench/shipped-models.yml"
	case "$1" in
	bare) echo "--spring.config.additional-location=file:bench/shipped-models.yml,file:bench/bare-routes.yml" ;;
	shipped) echo "$shipped" ;;
	minimal) echo "--spring.config.additional-location=file:bench/shipped-models.yml,file:bench/minimal-routes.yml" ;;
	no-keys) echo "$shipped --llm.keys.enabled=false" ;;
	no-ratelimit) echo "$shipped --llm.rate-limit.enabled=false" ;;
	no-spend) echo "$shipped --llm.spend.enabled=false" ;;
	no-ledger) echo "$shipped --llm.spend.ledger.enabled=false" ;;
	no-accesslog) echo "$shipped --llm.observe.access-log=false" ;;
	no-observe) echo "$shipped --llm.observe.enabled=false" ;;
	*) echo "unknown variant $1" >&2; exit 1 ;;
	esac
}

declare -A PORT PID
i=0
for v in $VARIANTS; do
	PORT[$v]=$((BASE_PORT + i))
	i=$((i + 1))
	mkdir -p "$OUT/$v"
	# shellcheck disable=SC2046
	LLM_MASTER_KEY=$MASTER_KEY java -Xms512m -Xmx512m -jar "$JAR" --spring.profiles.active=bench \
		$(variant_args "$v") --server.port="${PORT[$v]}" --llm.database.path="./$OUT/$v/db/llm" \
		--llm.spend.journal.directory="./$OUT/$v/journal" \
		> "$OUT/$v/stdout.log" 2>&1 &
	PID[$v]=$!
	PIDS+=($!)
done

url() { # variant mode
	if [ "$1" = bare ] && [ "$2" = stream ]; then
		echo "http://127.0.0.1:${PORT[$1]}/stream/v1/chat/completions"
	else
		echo "http://127.0.0.1:${PORT[$1]}/v1/chat/completions"
	fi
}
script() { echo "bench/shipped-$1.lua"; } # mode -> wrk script
body() { sed -n "s/^wrk.body = '\(.*\)'$/\1/p" "$(script "$1")"; }

for v in $VARIANTS; do
	for _ in $(seq 1 400); do
		curl -sf -o /dev/null "http://127.0.0.1:${PORT[$v]}/bench/jvm" && break
		sleep 1
	done
	curl -sf -o /dev/null "http://127.0.0.1:${PORT[$v]}/bench/jvm" || { echo "$v did not start; see $OUT/$v/" >&2; exit 1; }
	taskset -a -pc "$GATEWAY_CPU" "${PID[$v]}" > /dev/null
	for mode in chat stream; do
		code=$(curl -s -o "$OUT/$v/sanity-$mode.txt" -w '%{http_code}' -H 'content-type: application/json' \
			-H "authorization: Bearer $MASTER_KEY" -d "$(body $mode)" "$(url "$v" $mode)")
		[ "$code" = 200 ] || { echo "$v $mode answered $code: $(head -c 300 "$OUT/$v/sanity-$mode.txt")" >&2; exit 1; }
		echo 1 >> "$OUT/answered-$v"
	done
done
echo "gateways up and pinned to core $GATEWAY_CPU: $VARIANTS"

load() { taskset -c "$LOAD_CPU" "$@"; }

requests_of() { # wrk output file -> 2xx requests (wrk counts non-2xx separately)
	awk '/requests in/ {r = $1} /Non-2xx/ {n = $5} END {print r - n}' "$1"
}
check_no_errors() { # wrk output file
	if grep -qE 'Non-2xx|Socket errors' "$1"; then
		echo "errors in $1:" >&2
		grep -E 'Non-2xx|Socket errors' "$1" >&2
	fi
}
jvm() { curl -sf "http://127.0.0.1:${PORT[$1]}/bench/jvm"; } # -> {"cpuNanos":..,"allocatedBytes":..}
field() { sed -n "s/.*\"$1\":\(-\{0,1\}[0-9]*\).*/\1/p"; }

quiesce() { # variant: waits (at most 30 s) until the gateway uses under 5% of its core over half a second
	local a b
	for _ in $(seq 1 60); do
		a=$(jvm "$1" | field cpuNanos)
		sleep 0.5
		b=$(jvm "$1" | field cpuNanos)
		[ $((b - a)) -lt 25000000 ] && return 0
	done
	echo "  $1 still busy after 30 s" >&2
}

measure() { # variant mode round
	local v=$1 mode=$2 file="$OUT/$1/wrk-$2-$3.txt" before after
	before=$(jvm "$v")
	load wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$(script "$mode")" "$(url "$v" "$mode")" > "$file"
	quiesce "$v"
	after=$(jvm "$v")
	check_no_errors "$file"
	local n rps cpu alloc jit
	n=$(requests_of "$file")
	rps=$(awk '/^Requests\/sec/ {print $2}' "$file")
	cpu=$(awk -v a="$(echo "$after" | field cpuNanos)" -v b="$(echo "$before" | field cpuNanos)" -v n="$n" \
		'BEGIN { printf "%.0f", (a - b) / n / 1000 }')
	alloc=$(awk -v a="$(echo "$after" | field allocatedBytes)" -v b="$(echo "$before" | field allocatedBytes)" -v n="$n" \
		'BEGIN { printf "%.0f", (a - b) / n }')
	jit=$(($(echo "$after" | field compileMillis) - $(echo "$before" | field compileMillis)))
	printf '  round %s %-7s %-14s %10s req/s %6s us CPU/req %8s B/req %6s ms JIT\n' "$3" "$mode" "$v" "$rps" "$cpu" \
		"$alloc" "$jit"
	echo "$rps" >> "$OUT/rps-$v-$mode"
	echo "$cpu" >> "$OUT/cpu-$v-$mode"
	echo "$alloc" >> "$OUT/alloc-$v-$mode"
	echo "$n" >> "$OUT/answered-$v"
}

# one gateway at a time: warmed together, they would share the one core and none would be compiled by the end
warm_up() { # variant mode: wrk windows until the JIT has settled
	local v=$1 mode=$2 spent=0 before after jit pct file
	while :; do
		file="$OUT/$v/warmup-$mode-$spent.txt"
		before=$(jvm "$v" | field compileMillis)
		load wrk -t1 -c"$CONNECTIONS" -d"${WARMUP_STEP}s" -s "$(script "$mode")" "$(url "$v" "$mode")" > "$file"
		after=$(jvm "$v" | field compileMillis)
		echo "$(requests_of "$file")" >> "$OUT/answered-$v"
		spent=$((spent + WARMUP_STEP))
		jit=$((after - before))
		pct=$(awk -v j="$jit" -v s="$WARMUP_STEP" 'BEGIN { printf "%.1f", j / (s * 10) }')
		if [ "$spent" -ge "$WARMUP" ] && awk -v p="$pct" -v m="$SETTLED" 'BEGIN { exit !(p < m) }'; then
			printf '  %-14s %-7s warm after %4s s (JIT %5s%% of the last window, %8s req/s)\n' "$v" "$mode" "$spent" \
				"$pct" "$(awk '/^Requests\/sec/ {print $2}' "$file")"
			break
		fi
		if [ "$spent" -ge "$WARMUP_MAX" ]; then
			printf '  %-14s %-7s NOT settled after %4s s (JIT %5s%% of the last window)\n' "$v" "$mode" "$spent" "$pct"
			break
		fi
	done
	echo "$spent" > "$OUT/$v/warmup-$mode-seconds"
}

echo "warm-up: until the JIT compiles < $SETTLED% of a ${WARMUP_STEP} s window ($WARMUP..$WARMUP_MAX s), one gateway at a time"
for v in $VARIANTS; do
	for mode in chat stream; do warm_up "$v" "$mode"; done
	quiesce "$v"
done

echo "== saturation: wrk -t$THREADS -c$CONNECTIONS -d$DURATION, $ROUNDS interleaved rounds =="
for round in $(seq 1 "$ROUNDS"); do
	for mode in chat stream; do
		for v in $VARIANTS; do measure "$v" "$mode" "$round"; done
	done
done

latency() { # variant mode name [rate]
	local v=$1 mode=$2 file
	if [ -z "${4:-}" ]; then
		file="$OUT/$v/wrk1-$mode.txt"
		load wrk -t1 -c1 -d"$DURATION" --latency -s "$(script "$mode")" "$(url "$v" "$mode")" > "$file"
		check_no_errors "$file"
		echo "$(requests_of "$file")" >> "$OUT/answered-$v"
		printf '  %-7s %-14s 1 connection:      p50 %8s ms   p99 %8s ms\n' "$mode" "$v" \
			"$(to_ms "$(awk '$1=="50%" {print $2}' "$file")")" "$(to_ms "$(awk '$1=="99%" {print $2}' "$file")")"
	else
		file="$OUT/$v/hey-$mode.txt"
		local workers=8 per
		per=$(awk -v r="$4" -v w="$workers" 'BEGIN { q = int(r / w); if (q < 1) q = 1; print q }')
		load hey -z "$DURATION" -c "$workers" -q "$per" -m POST -T application/json \
			-H "Authorization: Bearer $MASTER_KEY" -d "$(body "$mode")" "$(url "$v" "$mode")" > "$file"
		awk '/\[200\]/ {print $2}' "$file" >> "$OUT/answered-$v"
		printf '  %-7s %-14s at %6s req/s:    p50 %8s ms   p99 %8s ms\n' "$mode" "$v" "$4" \
			"$(awk '$1=="50%" {printf "%.2f", $3 * 1000}' "$file")" "$(awk '$1=="99%" {printf "%.2f", $3 * 1000}' "$file")"
	fi
}

echo "== latency =="
for mode in chat stream; do
	half=$(awk -v b="$(median < "$OUT/rps-bare-$mode")" 'BEGIN { print int(b / 2) }')
	for v in $VARIANTS; do
		case "$v" in bare | shipped | minimal) latency "$v" "$mode" 1 ; latency "$v" "$mode" half "$half" ;; esac
	done
done

echo "== medians ($ROUNDS rounds; with an even count, the lower middle value) =="
bare_chat=$(median < "$OUT/rps-bare-chat")
bare_stream=$(median < "$OUT/rps-bare-stream")
printf '%-14s %12s %8s %12s %8s %14s %14s %12s %12s\n' variant "chat req/s" "x bare" "stream req/s" "x bare" \
	"CPU us/req ch" "CPU us/req st" "B/req chat" "B/req strm"
for v in $VARIANTS; do
	c=$(median < "$OUT/rps-$v-chat")
	s=$(median < "$OUT/rps-$v-stream")
	printf '%-14s %12s %8s %12s %8s %14s %14s %12s %12s\n' "$v" "$c" "$(awk -v a="$c" -v b="$bare_chat" 'BEGIN {printf "%.2f", a / b}')" \
		"$s" "$(awk -v a="$s" -v b="$bare_stream" 'BEGIN {printf "%.2f", a / b}')" \
		"$(median < "$OUT/cpu-$v-chat")" "$(median < "$OUT/cpu-$v-stream")" \
		"$(median < "$OUT/alloc-$v-chat")" "$(median < "$OUT/alloc-$v-stream")"
done

# Each round measures every row within a minute or two; the machine's speed drifts more than that between rounds
# (bare chat moved by a third from one round to the next on a quiet machine), so the ratio of each row to the bare
# route of the same round, then the median over rounds, is the steadier comparison.
echo "== x bare, paired by round (each round's ratio to that round's bare route; median over rounds) =="
printf '%-14s %-26s %8s %-26s %8s\n' variant "chat, per round" median "stream, per round" median
for v in $VARIANTS; do
	[ "$v" = bare ] && continue
	line="$(printf '%-14s' "$v")"
	for mode in chat stream; do
		ratios=$(paste "$OUT/rps-$v-$mode" "$OUT/rps-bare-$mode" | awk '{printf "%.2f\n", $1 / $2}')
		line="$line $(printf '%-26s %8s' "$(echo "$ratios" | tr '\n' ' ')" "$(echo "$ratios" | median)")"
	done
	echo "$line"
done

echo "== ledger: one row per answered request =="
for v in $VARIANTS; do
	kill "${PID[$v]}" 2>/dev/null || true # SIGTERM: the ledger flushes on shutdown
done
for v in $VARIANTS; do
	for _ in $(seq 1 60); do kill -0 "${PID[$v]}" 2>/dev/null || break; sleep 1; done
done
for v in $VARIANTS; do
	answered=$(awk '{s += $1} END {print s}' "$OUT/answered-$v")
	db="$OUT/$v/db/llm"
	if [ "$v" = bare ] || [ "$v" = minimal ] || [ "$v" = no-ledger ] || [ "$v" = no-spend ] || [ ! -f "$db.mv.db" ] || [ -z "$H2_JAR" ]; then
		printf '  %-14s answered %8s   ledger: none (no spend ledger in this configuration)\n' "$v" "$answered"
		continue
	fi
	rows=$(java -cp "$H2_JAR" org.h2.tools.Shell -url "jdbc:h2:file:./$db;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE" \
		-user sa -sql "select count(*) from llm.llm_spend_log" 2>&1 | sed -n '2p' | tr -dc '0-9')
	# wrk abandons the requests in flight when its time is up; the gateway still answers and records them, so the
	# ledger may hold up to (connections x wrk runs) rows more than wrk counted, and never fewer
	printf '  %-14s answered %8s   ledger rows %8s   missing %s\n' "$v" "$answered" "${rows:-?}" \
		"$(awk -v a="$answered" -v r="${rows:-0}" 'BEGIN { print (a > r ? a - r : 0) }')"
done
echo "raw outputs in $OUT/"
