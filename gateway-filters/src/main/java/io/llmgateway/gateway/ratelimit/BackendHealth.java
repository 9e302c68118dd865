package io.llmgateway.gateway.ratelimit;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Counts backend failures in {@code llm.ratelimit.backend.errors} (tags {@code backend}, {@code operation}) and logs
 * them at most once per interval, with the number of failures since the last line, so an outage cannot flood the
 * log.
 */
final class BackendHealth {

	static final String ERRORS_METER = "llm.ratelimit.backend.errors";

	private static final Log log = LogFactory.getLog(BackendHealth.class);

	private final String backend;

	private final MeterRegistry registry;

	private final long intervalNanos;

	private final AtomicLong lastLogNanos = new AtomicLong(System.nanoTime() - Long.MAX_VALUE / 2);

	private final AtomicLong suppressed = new AtomicLong();

	BackendHealth(String backend, MeterRegistry registry, Duration interval) {
		this.backend = backend;
		this.registry = registry;
		this.intervalNanos = interval.toNanos();
	}

	void failed(String operation, Throwable ex, boolean failOpen) {
		Counter.builder(ERRORS_METER)
			.description("Rate-limit backend calls that failed or timed out")
			.tag("backend", backend)
			.tag("operation", operation)
			.register(registry)
			.increment();
		long now = System.nanoTime();
		long last = lastLogNanos.get();
		if (now - last >= intervalNanos && lastLogNanos.compareAndSet(last, now)) {
			long others = suppressed.getAndSet(0);
			String what = ex instanceof TimeoutException ? "timed out" : "failed: " + ex;
			String policy = operation.equals("acquire") ? (failOpen ? " (failing open)" : " (failing closed)") : "";
			log.warn("Rate-limit backend '" + backend + "' " + operation + " " + what + policy
					+ (others > 0 ? "; " + others + " more failures since the last report" : ""));
		}
		else {
			suppressed.incrementAndGet();
		}
	}
}
