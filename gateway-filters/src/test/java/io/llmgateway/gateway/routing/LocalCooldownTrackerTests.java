package io.llmgateway.gateway.routing;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LocalCooldownTrackerTests {

	final AtomicLong now = new AtomicLong(1_000_000);

	final LocalCooldownTracker tracker = new LocalCooldownTracker(3, Duration.ofMinutes(1), Duration.ofSeconds(5), now::get);

	@Test
	void coolsAfterAllowedFailsWithinTheWindowAndLeavesAfterTheCooldown() {
		assertThat(tracker.recordFailure("d", FailureClass.SERVER_ERROR, null)).isFalse();
		assertThat(tracker.recordFailure("d", FailureClass.SERVER_ERROR, null)).isFalse();
		assertThat(tracker.isCooling("d")).isFalse();
		assertThat(tracker.recordFailure("d", FailureClass.SERVER_ERROR, null)).isTrue();
		assertThat(tracker.isCooling("d")).isTrue();
		assertThat(tracker.remainingMillis("d")).isEqualTo(5_000);
		now.addAndGet(5_001);
		assertThat(tracker.isCooling("d")).isFalse();
	}

	@Test
	void rateLimitAndAuthFailuresCoolAtOnceAndRetryAfterExtendsTheCooldown() {
		assertThat(tracker.recordFailure("a", FailureClass.RATE_LIMIT, 30L)).isTrue();
		assertThat(tracker.remainingMillis("a")).isEqualTo(30_000);
		assertThat(tracker.recordFailure("b", FailureClass.AUTH, null)).isTrue();
		assertThat(tracker.isCooling("b")).isTrue();
	}

	@Test
	void failuresOutsideTheWindowAndClientErrorsDoNotCount() {
		tracker.recordFailure("d", FailureClass.TIMEOUT, null);
		tracker.recordFailure("d", FailureClass.TIMEOUT, null);
		now.addAndGet(61_000);
		tracker.recordFailure("d", FailureClass.TIMEOUT, null);
		assertThat(tracker.isCooling("d")).isFalse();
		for (int i = 0; i < 10; i++) {
			tracker.recordFailure("e", FailureClass.BAD_REQUEST, null);
		}
		assertThat(tracker.isCooling("e")).isFalse();
	}

	@Test
	void aSuccessResetsTheFailureCount() {
		tracker.recordFailure("d", FailureClass.SERVER_ERROR, null);
		tracker.recordFailure("d", FailureClass.SERVER_ERROR, null);
		tracker.recordSuccess("d");
		tracker.recordFailure("d", FailureClass.SERVER_ERROR, null);
		assertThat(tracker.isCooling("d")).isFalse();
	}

	@Test
	void aLaterShorterCooldownNeverShortensARunningOne() {
		tracker.recordFailure("d", FailureClass.RATE_LIMIT, 60L);
		now.addAndGet(1_000);
		assertThat(tracker.recordFailure("d", FailureClass.RATE_LIMIT, null)).isFalse();
		assertThat(tracker.remainingMillis("d")).isEqualTo(59_000);
	}
}
