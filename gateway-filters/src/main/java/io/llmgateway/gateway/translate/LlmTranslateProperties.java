package io.llmgateway.gateway.translate;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code llm.translate.*}: the dispatch step and its pooled upstream HTTP client. Per-deployment {@code timeout},
 * {@code stream-timeout} and {@code connect-timeout} in {@code llm.models[]} override the defaults here.
 *
 * @param enabled register the {@code LlmTranslate} filter (default true)
 * @param timeout time allowed until the provider's answer (headers and, for streams, the first event)
 * @param streamTimeout longest silence allowed between two chunks of a stream
 * @param connectTimeout TCP connect timeout
 * @param maxConnections connections kept per provider host in the pool
 * @param pendingAcquireTimeout how long a request may wait for a free pooled connection
 * @param maxIdleTime idle pooled connections older than this are closed (below typical provider keep-alive)
 */
@ConfigurationProperties(LlmTranslateProperties.PREFIX)
public record LlmTranslateProperties(@DefaultValue("true") boolean enabled, @DefaultValue("60s") Duration timeout,
		@DefaultValue("120s") Duration streamTimeout, @DefaultValue("10s") Duration connectTimeout,
		@DefaultValue("1000") int maxConnections, @DefaultValue("45s") Duration pendingAcquireTimeout,
		@DefaultValue("30s") Duration maxIdleTime) {

	public static final String PREFIX = "llm.translate";
}
