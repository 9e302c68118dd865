#!/usr/bin/env bash
# Response cache benchmark: hit latency and throughput through the whole route (Caffeine and Redis) against the
# bare pass-through route, all in one JVM with a loopback upstream that answers instantly.
# Usage: bench/cache-bench.sh [seconds] [concurrency...]     (default: 12 1 16)
# Needs Redis on 127.0.0.1:6379 for the Redis rows (BENCH_REDIS=false skips them).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -o -pl provider-translators,gateway-filters -am test-compile
mvn -B -q -o -pl provider-translators,gateway-filters -am dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >/dev/null
CP="gateway-filters/target/test-classes:gateway-filters/target/classes:provider-translators/target/classes:$(cat gateway-filters/target/bench.classpath)"
echo "# $(date -u +%FT%TZ)  nproc=$(nproc)  $(java -version 2>&1 | head -1)"
exec java -Xms512m -Xmx512m -cp "$CP" io.llmgateway.gateway.cache.CacheBench "$@"
