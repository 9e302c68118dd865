package io.llmgateway.gateway.ratelimit;

import java.time.Duration;

import io.llmgateway.gateway.core.BackendFailures;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts rate-limit backend failures in {@code llm.ratelimit.backend.errors} (tags {@code backend},
 * {@code operation}) and logs them at most once per interval.
 */
final class BackendHealth {

	static final String ERRORS_METER = "llm.ratelimit.backend.errors";

	private final BackendFailures failures;

	BackendHealth(String backend, MeterRegistry registry, Duration interval) {
		this.failures = new BackendFailures(ERRORS_METER, "Rate-limit backend calls that failed or timed out",
				"Rate-limit backend", backend, registry, interval);
	}

	void failed(String operation, Throwable ex, boolean failOpen) {
		if (operation.equals("acquire")) {
			failures.failedAdmission(operation, ex, failOpen);
		}
		else {
			failures.failed(operation, ex);
		}
	}
}
