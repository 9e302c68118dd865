package io.llmgateway.gateway.observe;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import io.llmgateway.gateway.core.LlmAlert;
import io.llmgateway.gateway.observe.LlmObserveProperties.ErrorRate;
import io.llmgateway.gateway.observe.LlmObserveProperties.Latency;

/**
 * Detects two conditions over sliding windows of finished requests and publishes them as {@link LlmAlert}s: the
 * share of server-side failures (5xx) above a threshold, and a p99 request duration above a threshold. The p99 test
 * needs no histogram: p99 exceeds T exactly when more than 1% of the requests took longer than T, so each window slot
 * only counts requests, failures and slow requests.
 */
public class AlertDetector {

	private static final int SLOTS = 10;

	private final ErrorRate errorRate;

	private final Latency latency;

	private final long latencyThresholdNanos;

	private final Window errors;

	private final Window slow;

	private final long republishAfterMillis;

	private final LongSupplier clockMillis;

	private final Consumer<LlmAlert> publisher;

	private long errorRatePublishedAt = Long.MIN_VALUE / 2; // "never", without overflow in now - publishedAt

	private long latencyPublishedAt = Long.MIN_VALUE / 2; // "never", without overflow in now - publishedAt

	public AlertDetector(ErrorRate errorRate, Latency latency, Duration interval, LongSupplier clockMillis,
			Consumer<LlmAlert> publisher) {
		this.errorRate = errorRate;
		this.latency = latency;
		this.latencyThresholdNanos = latency.p99().toNanos();
		this.errors = new Window(errorRate.window().toMillis());
		this.slow = new Window(latency.window().toMillis());
		this.republishAfterMillis = interval.toMillis();
		this.clockMillis = clockMillis;
		this.publisher = publisher;
	}

	public void record(RequestSummary s) {
		if ("cancelled".equals(s.outcome())) {
			return;
		}
		long now = clockMillis.getAsLong();
		LlmAlert errorAlert = null;
		LlmAlert latencyAlert = null;
		synchronized (this) {
			if (errorRate.enabled()) {
				errors.add(now, s.serverError());
				errorAlert = checkErrorRate(now);
			}
			if (latency.enabled()) {
				slow.add(now, s.totalNanos() > latencyThresholdNanos);
				latencyAlert = checkLatency(now);
			}
		}
		// published outside the lock: listeners may do anything
		if (errorAlert != null) {
			publisher.accept(errorAlert);
		}
		if (latencyAlert != null) {
			publisher.accept(latencyAlert);
		}
	}

	private LlmAlert checkErrorRate(long now) {
		long total = errors.total(now);
		long failed = errors.matching(now);
		double rate = total == 0 ? 0 : (double) failed / total;
		if (total < errorRate.minRequests() || rate <= errorRate.threshold()
				|| now - errorRatePublishedAt < republishAfterMillis) {
			return null;
		}
		errorRatePublishedAt = now;
		return new LlmAlert("error_rate", "error_rate",
				String.format(Locale.ROOT, "%.1f%% of LLM requests failed with a server error over the last %s",
						rate * 100, errorRate.window()),
				Map.of("failed", failed, "requests", total, "threshold", errorRate.threshold(), "window",
						errorRate.window().toString()),
				Instant.ofEpochMilli(now));
	}

	private LlmAlert checkLatency(long now) {
		long total = slow.total(now);
		long over = slow.matching(now);
		if (total < latency.minRequests() || over * 100 <= total || now - latencyPublishedAt < republishAfterMillis) {
			return null;
		}
		latencyPublishedAt = now;
		return new LlmAlert("latency_p99", "latency_p99",
				"p99 LLM request duration is above " + latency.p99() + " over the last " + latency.window(),
				Map.of("slower", over, "requests", total, "threshold", latency.p99().toString(), "window",
						latency.window().toString()),
				Instant.ofEpochMilli(now));
	}

	/** Counts of all and of matching requests in {@value #SLOTS} rotating slots covering one window. */
	static final class Window {

		private final long slotMillis;

		private final long[] slotIndex = new long[SLOTS];

		private final long[] total = new long[SLOTS];

		private final long[] matching = new long[SLOTS];

		Window(long windowMillis) {
			this.slotMillis = Math.max(1, windowMillis / SLOTS);
			java.util.Arrays.fill(slotIndex, Long.MIN_VALUE);
		}

		void add(long nowMillis, boolean match) {
			long index = nowMillis / slotMillis;
			int i = (int) Math.floorMod(index, (long) SLOTS);
			if (slotIndex[i] != index) {
				slotIndex[i] = index;
				total[i] = 0;
				matching[i] = 0;
			}
			total[i]++;
			if (match) {
				matching[i]++;
			}
		}

		long total(long nowMillis) {
			return sum(nowMillis, total);
		}

		long matching(long nowMillis) {
			return sum(nowMillis, matching);
		}

		private long sum(long nowMillis, long[] values) {
			long current = nowMillis / slotMillis;
			long sum = 0;
			for (int i = 0; i < SLOTS; i++) {
				if (slotIndex[i] > current - SLOTS) {
					sum += values[i];
				}
			}
			return sum;
		}
	}
}
