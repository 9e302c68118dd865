package io.llmgateway.gateway.cache;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import com.openai.client.OpenAIClient;
import com.openai.core.http.HttpResponseFor;
import com.openai.models.chat.completions.ChatCompletion;
import io.llmgateway.gateway.support.RequiresRedis;
import io.llmgateway.gateway.support.mock.MockProvider;
import io.llmgateway.gateway.support.mock.NumberedOpenAi;
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

	static final MockProvider provider = NumberedOpenAi.start();

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
		Map<String, Object> p = CacheTestApp.properties(provider.baseUrl());
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
		int before = NumberedOpenAi.chats(provider).size();
		OpenAIClient one = LlmCacheRedisEndToEndTests.client(first, "key-sem-redis");
		OpenAIClient two = LlmCacheRedisEndToEndTests.client(second, "key-sem-redis");

		HttpResponseFor<ChatCompletion> miss = one.chat().completions().withRawResponse()
			.create(LlmCacheRedisEndToEndTests.params("Who wrote Pride and Prejudice?"));
		String answer = miss.parse().choices().get(0).message().content().orElseThrow();
		awaitShared(first.getBean(RedissonClient.class));
		HttpResponseFor<ChatCompletion> hit = two.chat().completions().withRawResponse()
			.create(LlmCacheRedisEndToEndTests.params("who wrote pride and prejudice"));

		assertThat(NumberedOpenAi.chats(provider).size() - before).isEqualTo(1);
		assertThat(LlmCacheRedisEndToEndTests.xCache(miss)).isEqualTo("MISS");
		assertThat(LlmCacheRedisEndToEndTests.xCache(hit)).isEqualTo("HIT-SEMANTIC");
		assertThat(hit.parse().choices().get(0).message().content().orElseThrow()).isEqualTo(answer);
	}

	@Test
	void flushingANamespaceDeletesItsSharedEntriesAndLaterEntriesAreStillShared() throws Exception {
		int before = NumberedOpenAi.chats(provider).size();
		RedissonClient redis = first.getBean(RedissonClient.class);
		OpenAIClient one = LlmCacheRedisEndToEndTests.client(first, "key-sem-flush");
		OpenAIClient two = LlmCacheRedisEndToEndTests.client(second, "key-sem-flush");
		String flushedScopes = prefix + "sem:{key:sem-flush:*";
		String keptScopes = prefix + "sem:{key:sem-flush-kept:*";

		create(one, "Who painted The Starry Night?");
		create(LlmCacheRedisEndToEndTests.client(first, "key-sem-flush-kept"), "Who painted The Starry Night?");
		awaitKeys(redis, flushedScopes, true);
		awaitKeys(redis, keptScopes, true);
		// the second instance loads the scope, and remembers how far it has read it
		assertThat(LlmCacheRedisEndToEndTests.xCache(create(two, "who painted the starry night")))
			.isEqualTo("HIT-SEMANTIC");

		HttpResponse<String> flush = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
					+ first.getEnvironment().getProperty("local.server.port") + "/llm/cache/flush"))
				.header("Authorization", "Bearer " + CacheTestApp.MASTER_KEY)
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{\"key_id\":\"sem-flush\"}"))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(flush.statusCode()).isEqualTo(200);
		assertThat(flush.body()).contains("\"semantic_deleted\":1");
		assertThat(keys(redis, flushedScopes)).isZero();
		assertThat(keys(redis, keptScopes)).isEqualTo(2);

		// after the flush the scope's sequence starts again, above what the second instance has read
		create(one, "What is the tallest mountain on Earth?");
		awaitKeys(redis, flushedScopes, true);
		var later = create(two, "what is the tallest mountain on earth");

		assertThat(LlmCacheRedisEndToEndTests.xCache(later)).isEqualTo("HIT-SEMANTIC");
		assertThat(NumberedOpenAi.chats(provider).size() - before).isEqualTo(3);
	}

	static HttpResponseFor<ChatCompletion> create(OpenAIClient client, String prompt) {
		HttpResponseFor<ChatCompletion> response = client.chat().completions().withRawResponse()
			.create(LlmCacheRedisEndToEndTests.params(prompt));
		response.parse();
		return response;
	}

	static long keys(RedissonClient redis, String pattern) {
		return redis.getKeys().getKeysStreamByPattern(pattern).count();
	}

	/** Entries are shared after the response completes: wait until the pattern has (or has no) keys. */
	static void awaitKeys(RedissonClient redis, String pattern, boolean present) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (System.nanoTime() < deadline) {
			if ((keys(redis, pattern) > 0) == present) {
				return;
			}
			Thread.sleep(20);
		}
		throw new AssertionError("no keys matching " + pattern + " in Redis");
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
