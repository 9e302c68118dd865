package io.llmgateway.gateway.routing;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Live traffic per deployment, kept by the router: requests in flight, a moving average of time to first byte, and
 * requests and tokens in the current minute. Feeds the least-busy, latency-based and usage-based strategies,
 * {@code max-parallel}, and {@code /health} when no background checks run.
 */
public class DeploymentStats {

	/** Weight of the newest sample in the moving average. */
	private static final double ALPHA = 0.3;

	private final Map<String, Stats> stats = new ConcurrentHashMap<>();

	private final LongSupplier clock;

	public DeploymentStats() {
		this(System::currentTimeMillis);
	}

	DeploymentStats(LongSupplier clock) {
		this.clock = clock;
	}

	Stats of(String deploymentId) {
		return stats.computeIfAbsent(deploymentId, id -> new Stats());
	}

	public void started(String deploymentId) {
		Stats s = of(deploymentId);
		s.inFlight.incrementAndGet();
		s.minute(clock.getAsLong()).requests.incrementAndGet();
	}

	public void finished(String deploymentId) {
		of(deploymentId).inFlight.decrementAndGet();
	}

	public int inFlight(String deploymentId) {
		Stats s = stats.get(deploymentId);
		return s == null ? 0 : s.inFlight.get();
	}

	/** Records a time to first byte in milliseconds. */
	public void latency(String deploymentId, double millis) {
		Stats s = of(deploymentId);
		synchronized (s) {
			s.latencyMillis = s.latencyMillis < 0 ? millis : ALPHA * millis + (1 - ALPHA) * s.latencyMillis;
		}
	}

	/** The moving average of time to first byte, or -1 when unknown. */
	public double latencyMillis(String deploymentId) {
		Stats s = stats.get(deploymentId);
		return s == null ? -1 : s.latencyMillis;
	}

	public void tokens(String deploymentId, long tokens) {
		of(deploymentId).minute(clock.getAsLong()).tokens.addAndGet(tokens);
	}

	public long requestsThisMinute(String deploymentId) {
		Stats s = stats.get(deploymentId);
		return s == null ? 0 : s.minute(clock.getAsLong()).requests.get();
	}

	public long tokensThisMinute(String deploymentId) {
		Stats s = stats.get(deploymentId);
		return s == null ? 0 : s.minute(clock.getAsLong()).tokens.get();
	}

	/** Outcome of the last attempt, for {@code /health}. */
	public void outcome(String deploymentId, boolean ok, String error) {
		Stats s = of(deploymentId);
		s.lastOk = ok;
		s.lastCheckedAt = clock.getAsLong();
		if (!ok) {
			s.lastError = error;
			s.lastErrorAt = s.lastCheckedAt;
		}
	}

	public Health health(String deploymentId) {
		Stats s = stats.get(deploymentId);
		return s == null ? new Health(null, 0, null, 0) : new Health(s.lastOk, s.lastCheckedAt, s.lastError, s.lastErrorAt);
	}

	/** The last known outcome; {@code ok} is null when the deployment has not been used or checked yet. */
	public record Health(Boolean ok, long checkedAt, String lastError, long lastErrorAt) {
	}

	static final class Stats {

		final AtomicInteger inFlight = new AtomicInteger();

		volatile double latencyMillis = -1;

		volatile Minute minute = new Minute(0);

		volatile Boolean lastOk;

		volatile long lastCheckedAt;

		volatile String lastError;

		volatile long lastErrorAt;

		Minute minute(long now) {
			long key = now / 60_000;
			Minute m = minute;
			if (m.key != key) {
				synchronized (this) {
					m = minute;
					if (m.key != key) {
						m = new Minute(key);
						minute = m;
					}
				}
			}
			return m;
		}
	}

	static final class Minute {

		final long key;

		final AtomicLong requests = new AtomicLong();

		final AtomicLong tokens = new AtomicLong();

		Minute(long key) {
			this.key = key;
		}
	}
}
