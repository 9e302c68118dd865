package io.llmgateway.gateway.observe;

import java.util.function.BooleanSupplier;

import io.llmgateway.gateway.core.Deployment;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/**
 * Registration API for per-deployment state gauges, for the routing capability to call once per deployment at
 * start-up: {@code llm.deployment.cooldown} is 1 while the deployment is cooling down, else 0. The supplier is read
 * at scrape time, so it must be cheap and non-blocking.
 */
public class DeploymentStateGauges {

	public static final String COOLDOWN = "llm.deployment.cooldown";

	private final MeterRegistry registry;

	public DeploymentStateGauges(MeterRegistry registry) {
		this.registry = registry;
	}

	/** Registers (or replaces nothing if already registered) the cooldown gauge of one deployment. */
	public void registerCooldown(Deployment deployment, BooleanSupplier inCooldown) {
		Gauge.builder(COOLDOWN, inCooldown, s -> s.getAsBoolean() ? 1 : 0)
			.description("1 while the deployment is in cooldown after failures, else 0")
			.tags(Tags.of("deployment", deployment.id(), LlmMeters.SYSTEM, String.valueOf(deployment.provider()),
					LlmMeters.MODEL, String.valueOf(deployment.group())))
			.strongReference(true)
			.register(registry);
	}
}
