package io.llmgateway.gateway.routing;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import io.llmgateway.gateway.support.RequiresRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cooldowns shared by two gateway instances through the real Redis on 127.0.0.1:6379: a deployment cooled by one
 * instance is skipped by the other at once, and an instance that starts later learns running cooldowns.
 */
@RequiresRedis
class RedisCooldownTrackerTests {

	final String prefix = "llm:test:" + UUID.randomUUID() + ":";

	RedissonClient redisA;

	RedissonClient redisB;

	@BeforeEach
	void connect() {
		redisA = client();
		redisB = client();
	}

	@AfterEach
	void close() {
		redisA.getKeys().deleteByPattern(prefix + "*");
		redisA.shutdown();
		redisB.shutdown();
	}

	static RedissonClient client() {
		Config config = new Config();
		config.useSingleServer().setAddress("redis://127.0.0.1:6379").setTimeout(1000).setRetryAttempts(0);
		return Redisson.create(config);
	}

	@Test
	void aCooldownStartedOnOneInstanceIsSeenByTheOther() throws Exception {
		RedisCooldownTracker a = new RedisCooldownTracker(3, Duration.ofMinutes(1), Duration.ofSeconds(30), redisA, prefix);
		RedisCooldownTracker b = new RedisCooldownTracker(3, Duration.ofMinutes(1), Duration.ofSeconds(30), redisB, prefix);
		try {
			assertThat(a.recordFailure("dep-1", FailureClass.RATE_LIMIT, null)).isTrue();
			assertThat(a.isCooling("dep-1")).isTrue();
			long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
			while (!b.isCooling("dep-1") && System.nanoTime() < deadline) {
				Thread.sleep(20);
			}
			assertThat(b.isCooling("dep-1")).isTrue();
			assertThat(b.remainingMillis("dep-1")).isGreaterThan(20_000);
			assertThat(b.isCooling("dep-2")).isFalse();

			RedisCooldownTracker late = new RedisCooldownTracker(3, Duration.ofMinutes(1), Duration.ofSeconds(30),
					redisB, prefix);
			try {
				late.loadExisting(List.of("dep-1", "dep-2"));
				assertThat(late.isCooling("dep-1")).isTrue();
				assertThat(late.isCooling("dep-2")).isFalse();
			}
			finally {
				late.destroy();
			}
		}
		finally {
			a.destroy();
			b.destroy();
		}
	}

	@Test
	void anUnreachableRedisLeavesCooldownsPerInstance() {
		Config config = new Config();
		config.useSingleServer().setAddress("redis://127.0.0.1:1").setTimeout(200).setConnectTimeout(200).setRetryAttempts(0);
		config.setLazyInitialization(true);
		RedissonClient down = Redisson.create(config);
		try {
			RedisCooldownTracker t = new RedisCooldownTracker(1, Duration.ofMinutes(1), Duration.ofSeconds(5), down, prefix);
			assertThat(t.recordFailure("dep-1", FailureClass.SERVER_ERROR, null)).isTrue();
			assertThat(t.isCooling("dep-1")).isTrue();
			t.destroy();
		}
		finally {
			down.shutdown();
		}
	}
}
