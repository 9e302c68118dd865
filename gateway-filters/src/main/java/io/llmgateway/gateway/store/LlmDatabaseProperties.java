package io.llmgateway.gateway.store;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code llm.database.*}: whether the gateway has a database, the embedded default, the JDBC executor and how an
 * unreachable database is retried.
 *
 * @param enabled true: always; false: never (no ledger rows in a database, no virtual keys); unset (the default):
 * only when a feature that needs one is configured (see {@link LlmDatabaseCondition})
 * @param path file path of the embedded H2 database, used when neither {@code llm.datasource.url} nor
 * {@code llm.datasource.use-application-datasource} is set
 * @param threads JDBC worker threads (bounded: JDBC never runs on the event loop)
 * @param queueCapacity pending JDBC tasks before new ones are refused
 * @param retryInterval how often an unreachable database is tried again, for the start-up migrations and by the
 * breaker that fails key lookups fast during an outage (default 2s)
 * @param startupWait how long the start waits for the first connection and migrations before going on degraded
 * (default 5s; the attempts go on in the background)
 */
@ConfigurationProperties(LlmDatabaseProperties.PREFIX)
public record LlmDatabaseProperties(Boolean enabled, String path, Integer threads, Integer queueCapacity,
		Duration retryInterval, Duration startupWait) {

	public static final String PREFIX = "llm.database";

	public LlmDatabaseProperties {
		path = path == null ? "./data/llm-gateway" : path;
		threads = threads == null ? 4 : threads;
		queueCapacity = queueCapacity == null ? 10_000 : queueCapacity;
		retryInterval = retryInterval == null ? Duration.ofSeconds(2) : retryInterval;
		startupWait = startupWait == null ? Duration.ofSeconds(5) : startupWait;
		if (retryInterval.isNegative() || retryInterval.isZero()) {
			throw new IllegalArgumentException("llm.database.retry-interval must be positive");
		}
	}
}
