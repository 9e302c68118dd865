package io.llmgateway.gateway.core;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Counts the failures of a shared-state backend (Redis for rate limits or budgets) in a meter tagged
 * {@code backend} and {@code operation}, and logs them at most once per interval with the number of failures since
 * the last line, so an outage cannot flood the log.
 */
public final class BackendFailures {

	private static final Log log = LogFactory.getLog(BackendFailures.class);

	private final String meter;

	private final String description;

	private final String what;

	private final String backend;

	private final MeterRegistry registry;

	private final long intervalNanos;

	private final AtomicLong lastLogNanos = new AtomicLong(System.nanoTime() - Long.MAX_VALUE / 2);

	private final AtomicLong suppressed = new AtomicLong();

	/**
	 * @param meter the counter's name
	 * @param description the counter's description
	 * @param what how log lines name the backend, e.g. {@code Rate-limit backend}
	 * @param backend the backend's name (the {@code backend} tag)
	 */
	public BackendFailures(String meter, String description, String what, String backend, MeterRegistry registry,
			Duration interval) {
		this.meter = meter;
		this.description = description;
		this.what = what;
		this.backend = backend;
		this.registry = registry;
		this.intervalNanos = interval.toNanos();
	}

	/** A failed call that decided nothing about the request (bookkeeping after the fact). */
	public void failed(String operation, Throwable ex) {
		failed(operation, ex, "");
	}

	/** A failed admission: the log line says which policy the request got. */
	public void failedAdmission(String operation, Throwable ex, boolean failOpen) {
		failed(operation, ex, failOpen ? " (failing open)" : " (failing closed)");
	}

	private void failed(String operation, Throwable ex, String policy) {
		Counter.builder(meter).description(description).tag("backend", backend).tag("operation", operation)
			.register(registry)
			.increment();
		long now = System.nanoTime();
		long last = lastLogNanos.get();
		if (now - last >= intervalNanos && lastLogNanos.compareAndSet(last, now)) {
			long others = suppressed.getAndSet(0);
			String how = ex instanceof TimeoutException ? "timed out" : "failed: " + ex;
			log.warn(what + " '" + backend + "' " + operation + " " + how + policy
					+ (others > 0 ? "; " + others + " more failures since the last report" : ""));
		}
		else {
			suppressed.incrementAndGet();
		}
	}
}
