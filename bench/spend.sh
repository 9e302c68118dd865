#!/usr/bin/env bash
# Spend benchmarks: ledger throughput into H2 and PostgreSQL (127.0.0.1:5432/test) and the LlmSpend filter's cost
# per request, the write-ahead journal's cost per row.
# Usage: bench/spend.sh [ledger h2|postgres ROWS | rate h2|postgres RATE SECONDS | filter ITERATIONS [work] |
#                       journal RATE(0=max) SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -o -q -pl gateway-filters -am test-compile -DskipTests
# the plugin version is pinned: the default (2.8) is not in an offline repository
cp=$(mvn -B -o -q -pl gateway-filters org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath -Dmdep.outputFile=/dev/stdout -Dmdep.includeScope=test)
run() {
	local main=io.llmgateway.gateway.spend.ledger.LedgerBenchmark
	[ "$1" = filter ] && main=io.llmgateway.gateway.spend.SpendBenchmark
	java -Xmx1g -cp "gateway-filters/target/test-classes:gateway-filters/target/classes:provider-translators/target/classes:$cp" \
		"$main" "$@" 2>/dev/null | grep -E "^(ledger|filter|journal|rate)"
}
if [ $# -gt 0 ]; then run "$@"; exit; fi
run ledger postgres 200000
run ledger h2 200000
run filter 1000000
run journal 1000 10
run journal 0 5
