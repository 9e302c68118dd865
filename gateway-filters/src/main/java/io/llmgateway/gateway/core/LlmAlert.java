package io.llmgateway.gateway.core;

import java.time.Instant;
import java.util.Map;

/**
 * An operator alert (budget threshold, error rate, latency, cooldown), published as a Spring application event by
 * the capability that detects it. The observability package delivers it to webhooks, de-duplicated by
 * {@code conditionKey} per interval.
 *
 * @param kind e.g. {@code budget_threshold}, {@code error_rate}, {@code latency_p99}, {@code cooldown}
 * @param conditionKey identifies the condition, e.g. {@code budget:team:t1:2026-11}
 */
public record LlmAlert(String kind, String conditionKey, String message, Map<String, Object> details,
		Instant at) {

	public LlmAlert {
		details = details == null ? Map.of() : Map.copyOf(details);
		at = at == null ? Instant.now() : at;
	}
}
