package io.llmgateway.gateway.store;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The gateway's database as Actuator sees it: {@code UP}, or {@code DEGRADED} with the reason (not migrated yet, or
 * unreachable) while the gateway keeps serving what does not need it. {@code DEGRADED} is not {@code DOWN}: it does
 * not take the instance out of a load balancer. Add it to the readiness group to see it there
 * ({@code management.endpoint.health.group.readiness.include=readinessState,llmDatabase}).
 */
public final class LlmDatabaseHealthIndicator implements HealthIndicator {

	/** The gateway serves, but what needs its database does not work (or waits) until it returns. */
	public static final Status DEGRADED = new Status("DEGRADED", "the gateway's database is unavailable");

	private final LlmDatabase db;

	public LlmDatabaseHealthIndicator(LlmDatabase db) {
		this.db = db;
	}

	@Override
	public Health health() {
		LlmDatabase.Status status = db.status();
		if (status.up()) {
			return Health.up().build();
		}
		return Health.status(DEGRADED).withDetail("reason", status.reason()).build();
	}
}
