package io.llmgateway.gateway.cache;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import io.llmgateway.gateway.support.RequiresRedis;
import com.openai.client.OpenAIClient;
import com.openai.core.http.HttpResponseFor;
import com.openai.models.chat.completions.ChatCompletion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two gateway instances with the semantic stage on one Redis (the machine's real one, under a key prefix of their
 * own): a request answered by the first is a semantic hit for a paraphrase sent to the second, which has never seen
 * it, and the provider is called once.
 */
@RequiresRedis
class SemanticCacheRedisTests {

	static final MockOpenAiProvider provider = new MockOpenAiProvider();

	static final String prefix = "test:semcache:" + UUID.randomUUID() + ":";

	static ConfigurableApplicationContext first;

	static ConfigurableApplicationContext second;

	@BeforeAll
	static void start() {
		first = gateway();
		second = gateway();
	}

	@AfterAll
	static void stop() {
		if (first != null) {
			first.getBean(RedissonClient.class).getKeys().deleteByPattern(prefix + "*");
			first.close();
		}
		if (second != null) {
			second.close();
		}
		provider.close();
	}

	static ConfigurableApplicationContext gateway() {
		Map<String, Object> p = CacheTestApp.properties(provider.apiBase());
		p.put("llm.cache.backend", "redis");
		p.put("llm.cache.redis.key-prefix", prefix);
		p.put("llm.cache.redis.timeout", "2s");
		p.put("llm.cache.semantic.enabled", "true");
		p.put("spring.data.redis.host", "127.0.0.1");
		p.put("spring.data.redis.port", "6379");
		p.put("server.port", "0");
		return new SpringApplicationBuilder(CacheTestApp.class).properties(p).run();
	}

	@Test
	void anEntryWrittenByOneInstanceIsASemanticHitOnTheOther() throws Exception {
		int before = provider.requestCount();
		OpenAIClient one = LlmCacheRedisEndToEndTest.client(first, "key-sem-redis");
		OpenAIClient two = LlmCacheRedisEndToEndTest.client(second, "key-sem-redis");

		HttpResponseFor<ChatCompletion> miss = one.chat().completions().withRawResponse()
			.create(LlmCacheRedisEndToEndTest.params("Who wrote Pride and Prejudice?"));
		String answer = miss.parse().choices().get(0).message().content().orElseThrow();
		awaitShared(first.getBean(RedissonClient.class));
		HttpResponseFor<ChatCompletion> hit = two.chat().completions().withRawResponse()
			.create(LlmCacheRedisEndToEndTest.params("who wrote pride and prejudice"));

		assertThat(provider.requestCount() - before).isEqualTo(1);
		assertThat(LlmCacheRedisEndToEndTest.xCache(miss)).isEqualTo("MISS");
		assertThat(LlmCacheRedisEndToEndTest.xCache(hit)).isEqualTo("HIT-SEMANTIC");
		assertThat(hit.parse().choices().get(0).message().content().orElseThrow()).isEqualTo(answer);
	}

	/** The answer and its vector are stored after the response completes: wait until both are in Redis. */
	static void awaitShared(RedissonClient redis) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (System.nanoTime() < deadline) {
			if (redis.getKeys().getKeysStreamByPattern(prefix + "sem:*").findAny().isPresent()
					&& redis.getKeys().getKeysStreamByPattern(prefix + "key:*").findAny().isPresent()) {
				return;
			}
			Thread.sleep(20);
		}
		throw new AssertionError("the first instance shared nothing through Redis");
	}
}
