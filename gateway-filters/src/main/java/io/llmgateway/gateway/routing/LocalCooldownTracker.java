package io.llmgateway.gateway.routing;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * In-memory {@link CooldownTracker}: a failure counter per deployment over a fixed window and a cooldown deadline.
 */
public class LocalCooldownTracker implements CooldownTracker {

	private final int allowedFails;

	private final long windowMillis;

	private final long cooldownMillis;

	private final LongSupplier clock;

	private final Map<String, State> states = new ConcurrentHashMap<>();

	public LocalCooldownTracker(int allowedFails, Duration window, Duration cooldown) {
		this(allowedFails, window, cooldown, System::currentTimeMillis);
	}

	LocalCooldownTracker(int allowedFails, Duration window, Duration cooldown, LongSupplier clock) {
		this.allowedFails = Math.max(1, allowedFails);
		this.windowMillis = window.toMillis();
		this.cooldownMillis = cooldown.toMillis();
		this.clock = clock;
	}

	@Override
	public boolean recordFailure(String deploymentId, FailureClass failure, Long retryAfterSeconds) {
		if (!failure.countsAsDeploymentFailure()) {
			return false;
		}
		long now = clock.getAsLong();
		State state = states.computeIfAbsent(deploymentId, id -> new State());
		synchronized (state) {
			if (now - state.windowStart > windowMillis) {
				state.windowStart = now;
				state.failures = 0;
			}
			state.failures++;
			boolean cool = failure.coolsImmediately() || state.failures >= allowedFails;
			if (!cool) {
				return false;
			}
			long duration = cooldownMillis;
			if (retryAfterSeconds != null && retryAfterSeconds > 0) {
				duration = Math.max(duration, retryAfterSeconds * 1000);
			}
			boolean started = state.coolUntil <= now;
			// a new failure never shortens a running cooldown
			state.coolUntil = Math.max(state.coolUntil, now + duration);
			state.failures = 0;
			state.windowStart = now;
			return started;
		}
	}

	/** Puts a deployment out of rotation for the given time, e.g. when another instance announced its cooldown. */
	protected void coolFor(String deploymentId, long millis) {
		State state = states.computeIfAbsent(deploymentId, id -> new State());
		synchronized (state) {
			state.coolUntil = Math.max(state.coolUntil, clock.getAsLong() + millis);
		}
	}

	@Override
	public void recordSuccess(String deploymentId) {
		State state = states.get(deploymentId);
		if (state != null) {
			synchronized (state) {
				state.failures = 0;
			}
		}
	}

	/** Forgets every failure and cooldown (tests, and operators resetting state). */
	public void reset() {
		states.clear();
	}

	@Override
	public boolean isCooling(String deploymentId) {
		return remainingMillis(deploymentId) > 0;
	}

	@Override
	public long remainingMillis(String deploymentId) {
		State state = states.get(deploymentId);
		if (state == null) {
			return 0;
		}
		return Math.max(0, state.coolUntil - clock.getAsLong());
	}

	private static final class State {

		long windowStart;

		int failures;

		volatile long coolUntil;
	}
}
