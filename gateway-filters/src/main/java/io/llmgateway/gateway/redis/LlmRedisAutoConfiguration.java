package io.llmgateway.gateway.redis;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import java.time.Duration;

import org.apache.commons.logging.LogFactory;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;

/**
 * One Redisson client for every capability that shares state through Redis (rate limits, cache, cooldowns,
 * budgets), created only when one of them is configured with {@code backend: redis}. Connection settings come from
 * the standard {@code spring.data.redis.*} properties; an application may instead provide its own
 * {@link RedissonClient} bean.
 */
@AutoConfiguration
@ConditionalOnClass(name = "org.redisson.api.RedissonClient")
@Conditional(LlmRedisAutoConfiguration.OnRedisBackend.class)
public class LlmRedisAutoConfiguration {

	@Bean(destroyMethod = "shutdown")
	@ConditionalOnMissingBean
	RedissonClient llmRedissonClient(Environment env) {
		String host = env.getProperty("spring.data.redis.host", "127.0.0.1");
		int port = env.getProperty("spring.data.redis.port", Integer.class, 6379);
		String password = env.getProperty("spring.data.redis.password");
		int database = env.getProperty("spring.data.redis.database", Integer.class, 0);
		Duration timeout = env.getProperty("spring.data.redis.timeout", Duration.class, Duration.ofMillis(500));
		Duration connectTimeout = env.getProperty("spring.data.redis.connect-timeout", Duration.class,
				Duration.ofSeconds(1));
		Config config = new Config();
		config.useSingleServer()
			.setAddress("redis://" + host + ":" + port)
			.setPassword(password)
			.setDatabase(database)
			.setTimeout((int) timeout.toMillis())
			.setConnectTimeout((int) connectTimeout.toMillis())
			.setRetryAttempts(0);
		config.setLazyInitialization(true);
		return Redisson.create(config);
	}

	/**
	 * Connects in the background once the application is ready: Redisson's lazy initialisation would otherwise
	 * connect inside the first request (seconds on a cold JVM). A failure here is harmless; the next call retries.
	 */
	@Bean
	ApplicationListener<ApplicationReadyEvent> llmRedisWarmUp(RedissonClient redisson) {
		return event -> {
			Thread warmUp = new Thread(() -> {
				try {
					redisson.getKeys().count();
				}
				catch (RuntimeException ex) {
					LogFactory.getLog(LlmRedisAutoConfiguration.class)
						.info("Redis not reachable at start-up (" + ex.getClass().getSimpleName()
								+ "); capabilities using it apply their failure policy until it is");
				}
			}, "llm-redis-warm-up");
			warmUp.setDaemon(true);
			warmUp.start();
		};
	}

	/** Matches when any capability is configured to keep its state in Redis. */
	static class OnRedisBackend extends AnyNestedCondition {

		OnRedisBackend() {
			super(ConfigurationPhase.REGISTER_BEAN);
		}

		@ConditionalOnProperty(name = "llm.rate-limit.backend", havingValue = "redis")
		static class RateLimit {
		}

		@ConditionalOnProperty(name = "llm.cache.backend", havingValue = "redis")
		static class Cache {
		}

		@ConditionalOnProperty(name = "llm.spend.budget-store.backend", havingValue = "redis")
		static class Budgets {
		}

		@ConditionalOnProperty(name = "llm.redis.enabled", havingValue = "true")
		static class Explicit {
		}
	}
}
