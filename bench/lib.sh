# Shell functions shared by the benchmark scripts (sourced; needs OUT, JAR, BENCH_UPSTREAM_PORT, THREADS,
# CONNECTIONS, DURATION).

require_tools() { # tool...
	for tool in "$@"; do
		command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install -y wrk nginx-light hey)" >&2; exit 1; }
	done
}

build_jar_if_missing() {
	if [ ! -f "$JAR" ] || [ -n "${REBUILD:-}" ]; then
		mvn -B -q -o install -DskipTests
	fi
}

# background processes killed on exit; start_provider and the scripts add to it
PIDS=()
cleanup() {
	for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
	wait 2>/dev/null || true
}
trap cleanup EXIT

start_provider() { # the nginx "provider" on BENCH_UPSTREAM_PORT
	sed "s/__PORT__/$BENCH_UPSTREAM_PORT/" bench/nginx.conf > "$OUT/nginx.conf"
	nginx -c "$(pwd)/$OUT/nginx.conf" -p "$(pwd)/$OUT" &
	PIDS+=($!)
}

to_ms() { # wrk latency (850.00us, 1.20ms, 2.00s) -> milliseconds
	awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /s$/ && v !~ /ms$/) n *= 1000; printf "%.2f", n }'
}

median() { sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

run_wrk() { # name url round [wrk script]
	local file="$OUT/wrk-$1-$3.txt"
	wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "${4:-bench/post.lua}" "$2" > "$file"
	local rps p50 p99
	rps=$(awk '/^Requests\/sec/ {print $2}' "$file")
	p50=$(to_ms "$(awk '$1=="50%" {print $2}' "$file")")
	p99=$(to_ms "$(awk '$1=="99%" {print $2}' "$file")")
	printf '  round %s %-22s %10s req/s   p50 %8s ms   p99 %8s ms\n' "$3" "$1" "$rps" "$p50" "$p99"
	echo "$rps" >> "$OUT/rps-$1"
	echo "$p50" >> "$OUT/p50-$1"
	echo "$p99" >> "$OUT/p99-$1"
}
