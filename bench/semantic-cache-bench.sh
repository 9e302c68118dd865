#!/usr/bin/env bash
# Semantic cache cost: embedding a 1 KB prompt with the in-process model and searching a full scope, on one core.
# Usage: bench/semantic-cache-bench.sh [iterations] [entries-per-scope]     (default: 200 2000)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -o -pl provider-translators,gateway-filters -am test-compile
mvn -B -q -o -pl provider-translators,gateway-filters -am dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >/dev/null
CP="gateway-filters/target/test-classes:gateway-filters/target/classes:provider-translators/target/classes:$(cat gateway-filters/target/bench.classpath)"
echo "# $(date -u +%FT%TZ)  nproc=$(nproc)  load=$(cut -d' ' -f1-3 /proc/loadavg)  $(java -version 2>&1 | head -1)"
PIN=()
command -v taskset >/dev/null && PIN=(taskset -c 0)
exec "${PIN[@]}" java -XX:ActiveProcessorCount=1 -Xms256m -Xmx512m -cp "$CP" io.llmgateway.gateway.cache.SemanticCacheCostBench "$@"
