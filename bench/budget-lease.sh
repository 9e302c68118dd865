#!/usr/bin/env bash
# Benchmark: do the Redis budget store's leases pay? BudgetLeaseBenchmark drives the budget path alone (admit against
# one hard budget, then settle; 32 requests in flight) through a BudgetTracker over RedisBudgetStore with leases
# (lease-requests=32, the default) and without (lease-requests=0: one Redis script per admission). Settlement is
# group-committed in both. The JVM is pinned to core $CORE (taskset), so Redis (a shared server that is not restarted
# for this) runs on the other core as far as the rest of the machine allows. Prints, per round: requests/s, process
# CPU per request and Redis round trips per request.
#
#   bench/budget-lease.sh            # 3 interleaved rounds of 10 s, 32 in flight
#   bench/budget-lease.sh 5 15 64
#
# Needs: java 17, maven, unzip, taskset; Redis on 127.0.0.1:6379 (keys under llm:budget:lease-bench:<uuid>:, deleted
# after). The runtime classpath is the sample gateway's fat jar (no snapshot has to be installed in ~/.m2).
set -euo pipefail
cd "$(dirname "$0")/.."
CORE=${CORE:-0}
JAR=sample-gateway/target/sample-gateway-0.1.0-SNAPSHOT.jar
mvn -B -o -q -pl sample-gateway -am package -DskipTests
lib=$(mktemp -d)
trap 'rm -rf "$lib"' EXIT
unzip -q -j "$JAR" 'BOOT-INF/lib/*' -d "$lib"
rm -f "$lib"/gateway-filters-*.jar
classes="gateway-filters/target/classes:provider-translators/target/classes"
javac -d "$lib/bench" -cp "$classes:$lib/*" \
	gateway-filters/src/test/java/io/llmgateway/gateway/spend/budget/BudgetLeaseBenchmark.java
taskset -c "$CORE" java -Xmx512m -XX:ActiveProcessorCount=1 -cp "$lib/bench:$classes:$lib/*" \
	io.llmgateway.gateway.spend.budget.BudgetLeaseBenchmark "$@" 2>/dev/null | grep -E '^lease-bench'
