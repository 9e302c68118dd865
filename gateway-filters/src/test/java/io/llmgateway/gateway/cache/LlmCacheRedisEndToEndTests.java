package io.llmgateway.gateway.cache;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.HttpResponseFor;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
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
 * The Redis backend end to end: two gateway instances share entries through the machine's real Redis (under a key
 * prefix of their own), and a gateway whose Redis is down answers every call, as a miss.
 */
@RequiresRedis
class LlmCacheRedisEndToEndTests {

	static final MockProvider provider = NumberedOpenAi.start();

	static final String prefix = "test:cache:" + UUID.randomUUID() + ":";

	static ConfigurableApplicationContext first;

	static ConfigurableApplicationContext second;

	@BeforeAll
	static void start() {
		first = gateway(6379);
		second = gateway(6379);
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

	static ConfigurableApplicationContext gateway(int redisPort) {
		Map<String, Object> p = CacheTestApp.properties(provider.baseUrl());
		p.put("llm.cache.backend", "redis");
		p.put("llm.cache.redis.key-prefix", prefix);
		p.put("spring.data.redis.host", "127.0.0.1");
		p.put("spring.data.redis.port", String.valueOf(redisPort));
		p.put("server.port", "0");
		return new SpringApplicationBuilder(CacheTestApp.class).properties(p).run();
	}

	static OpenAIClient client(ConfigurableApplicationContext gateway, String key) {
		return OpenAIOkHttpClient.builder()
			.baseUrl("http://127.0.0.1:" + gateway.getEnvironment().getProperty("local.server.port") + "/v1")
			.apiKey(key)
			.maxRetries(0)
			.timeout(Duration.ofSeconds(20))
			.build();
	}

	static ChatCompletionCreateParams params(String prompt) {
		return ChatCompletionCreateParams.builder().model("gpt-4o").addUserMessage(prompt).temperature(0.0).build();
	}

	static String xCache(HttpResponseFor<ChatCompletion> r) {
		return String.join(",", r.headers().values("x-cache"));
	}

	@Test
	void twoInstancesShareEntries() throws Exception {
		int before = NumberedOpenAi.chats(provider).size();

		var miss = client(first, "key-r").chat().completions().withRawResponse().create(params("shared by instances"));
		String content = miss.parse().choices().get(0).message().content().orElseThrow();
		// the store is asynchronous: give it a moment to land before the other instance looks
		HttpResponseFor<ChatCompletion> hit = null;
		for (int i = 0; i < 50; i++) {
			hit = client(second, "key-r").chat().completions().withRawResponse().create(params("shared by instances"));
			if ("HIT".equals(xCache(hit))) {
				break;
			}
			Thread.sleep(50);
		}

		assertThat(xCache(miss)).isEqualTo("MISS");
		assertThat(xCache(hit)).isEqualTo("HIT");
		assertThat(hit.parse().choices().get(0).message().content()).hasValue(content);
		assertThat(NumberedOpenAi.chats(provider).size() - before).isEqualTo(1);
		assertThat(first.getBean(RedissonClient.class).getKeys().getKeysByPattern(prefix + "*")).isNotEmpty();
	}

	@Test
	void aRedisOutageDegradesToMisses() throws Exception {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		try (ConfigurableApplicationContext down = gateway(closedPort)) {
			OpenAIClient client = client(down, "key-down");
			int before = NumberedOpenAi.chats(provider).size();

			var a = client.chat().completions().withRawResponse().create(params("redis down"));
			var b = client.chat().completions().withRawResponse().create(params("redis down"));

			assertThat(a.statusCode()).isEqualTo(200);
			assertThat(b.statusCode()).isEqualTo(200);
			assertThat(xCache(a)).isEqualTo("MISS");
			assertThat(xCache(b)).isEqualTo("MISS");
			assertThat(NumberedOpenAi.chats(provider).size() - before).isEqualTo(2);
		}
	}
}
