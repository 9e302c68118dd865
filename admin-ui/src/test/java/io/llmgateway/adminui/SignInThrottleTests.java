package io.llmgateway.adminui;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SignInThrottleTests {

	/** A clock the test moves by hand. */
	static final class ManualClock extends Clock {

		long millis = 1_000_000_000_000L;

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return Instant.ofEpochMilli(millis);
		}
	}

	@Test
	void anAddressIsRefusedAfterItsFailuresForTheRestOfTheMinuteOnly() {
		ManualClock clock = new ManualClock();
		clock.millis -= clock.millis % 60_000;
		SignInThrottle throttle = new SignInThrottle(3, clock);
		for (int i = 0; i < 3; i++) {
			assertThat(throttle.allowed("10.0.0.1")).isTrue();
			throttle.failed("10.0.0.1");
		}
		assertThat(throttle.allowed("10.0.0.1")).isFalse();
		assertThat(throttle.allowed("10.0.0.2")).as("another address").isTrue();
		clock.millis += 59_999;
		assertThat(throttle.allowed("10.0.0.1")).isFalse();
		clock.millis += 1;
		assertThat(throttle.allowed("10.0.0.1")).as("next minute").isTrue();
		throttle.failed("10.0.0.1");
		assertThat(throttle.allowed("10.0.0.1")).as("the count starts again").isTrue();
	}

	@Test
	void zeroMeansNoLimit() {
		SignInThrottle throttle = new SignInThrottle(0, new ManualClock());
		for (int i = 0; i < 100; i++) {
			throttle.failed("10.0.0.1");
		}
		assertThat(throttle.allowed("10.0.0.1")).isTrue();
	}
}
