package io.llmgateway.gateway.store;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code llm.database.*}: the embedded default database and the JDBC executor.
 *
 * @param enabled set false to run without ledger and virtual-key storage
 * @param path file path of the embedded H2 database used when {@code spring.datasource.url} is not set
 * @param threads JDBC worker threads (bounded: JDBC never runs on the event loop)
 * @param queueCapacity pending JDBC tasks before new ones are refused
 */
@ConfigurationProperties(LlmDatabaseProperties.PREFIX)
public record LlmDatabaseProperties(Boolean enabled, String path, Integer threads, Integer queueCapacity) {

	public static final String PREFIX = "llm.database";

	public LlmDatabaseProperties {
		enabled = enabled == null || enabled;
		path = path == null ? "./data/llm-gateway" : path;
		threads = threads == null ? 4 : threads;
		queueCapacity = queueCapacity == null ? 10_000 : queueCapacity;
	}
}
