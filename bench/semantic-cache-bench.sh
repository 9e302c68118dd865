#!/usr/bin/env bash
# Semantic cache cost: embedding a 1 KB prompt with the in-process model and searching a full scope, on one core.
# Usage: bench/semantic-cache-bench.sh [iterations] [entries-per-scope]     (default: 200 2000)
#        BENCH_CPU=1 pins the JVM to that core (default 1)
set -euo pipefail
cd "$(dirname "$0")/.."
# one reactor build: the classpath then resolves the sibling modules to their target/classes (nothing is installed)
mvn -B -q -o -pl gateway-filters -am test-compile \
  org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath -Dmdep.outputFile=target/bench.classpath >/dev/null
CP="gateway-filters/target/test-classes:gateway-filters/target/classes:provider-translators/target/classes:$(cat gateway-filters/target/bench.classpath)"
echo "# $(date -u +%FT%TZ)  nproc=$(nproc)  load=$(cut -d' ' -f1-3 /proc/loadavg)  $(java -version 2>&1 | head -1)"
PIN=()
command -v taskset >/dev/null && PIN=(taskset -c "${BENCH_CPU:-1}")
exec "${PIN[@]}" java -XX:ActiveProcessorCount=1 -Xms256m -Xmx512m -cp "$CP" io.llmgateway.gateway.cache.SemanticCacheCostBench "$@"
