#!/usr/bin/env bash
# Rate-limiter overhead per admission, in memory and on the local Redis (127.0.0.1:6379), with Redis round trips
# counted by Redis itself. Usage: bench/ratelimit.sh [ITERATIONS]   (results: docs/benchmarks.md)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -o -q -pl gateway-filters -am test-compile -DskipTests
cp=$(mvn -B -o -q -pl gateway-filters dependency:build-classpath -Dmdep.outputFile=/dev/stdout -Dmdep.includeScope=test)
java -Xmx1g -cp "gateway-filters/target/test-classes:gateway-filters/target/classes:provider-translators/target/classes:$cp" \
	io.llmgateway.gateway.ratelimit.RateLimiterOverheadHarness "${1:-2000000}" 2>/dev/null | grep -E '^(local|token|plan|redis)'
