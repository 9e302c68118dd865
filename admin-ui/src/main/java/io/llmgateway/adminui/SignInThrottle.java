package io.llmgateway.adminui;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down guessing: at most {@code maxFailures} failed sign-ins per client address per minute (fixed one-minute
 * windows); past that, sign-ins from the address are refused until the minute is over, even with the right
 * credential. The map holds only addresses that failed in the current or the previous minute.
 */
final class SignInThrottle {

	private static final long MINUTE = 60_000;

	private final int maxFailures;

	private final Clock clock;

	private final Map<String, Window> failures = new ConcurrentHashMap<>();

	private record Window(long minute, int count) {
	}

	SignInThrottle(int maxFailures, Clock clock) {
		this.maxFailures = maxFailures;
		this.clock = clock;
	}

	/** True when {@code client} may try to sign in now. */
	boolean allowed(String client) {
		Window w = failures.get(client);
		return maxFailures <= 0 || w == null || w.minute() != minute() || w.count() < maxFailures;
	}

	void failed(String client) {
		long now = minute();
		failures.values().removeIf(w -> w.minute() < now - 1);
		failures.merge(client, new Window(now, 1),
				(old, one) -> old.minute() == now ? new Window(now, old.count() + 1) : one);
	}

	private long minute() {
		return clock.millis() / MINUTE;
	}
}
