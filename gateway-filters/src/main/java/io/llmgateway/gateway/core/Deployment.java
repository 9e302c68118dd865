package io.llmgateway.gateway.core;

import java.net.URI;
import java.time.Duration;

/**
 * A configured deployment, resolved from one {@link LlmProperties.Model} entry at start-up.
 * @param id stable id, used in metrics, headers and the ledger
 * @param group the alias (model group) this deployment serves
 * @param apiBase the parsed {@code api-base}, or null when the provider has a default
 */
public record Deployment(String id, String group, String provider, String model, URI apiBase,
		LlmProperties.Model config) {

	public int weight() {
		return config.weight() == null ? 1 : config.weight();
	}

	public Duration timeout(Duration fallback) {
		return config.timeout() == null ? fallback : config.timeout();
	}

	@Override
	public String toString() {
		return "Deployment[" + id + " " + provider + "/" + model + "]";
	}
}
