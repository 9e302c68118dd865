package io.llmgateway.gateway.cache;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.stream.Collectors;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import io.llmgateway.gateway.core.LlmExchange;
import io.llmgateway.gateway.support.mock.MockProvider;
import io.llmgateway.gateway.support.mock.NumberedOpenAi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole route (LlmModel, LlmCache, LlmTranslate) on a random port, a loopback provider, and the official
 * openai-java SDK as the client. Each test uses its own prompts, so tests share one context and one provider.
 */
@SpringBootTest(classes = CacheTestApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LlmCacheEndToEndTests {

	static final MockProvider provider = NumberedOpenAi.start();

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		CacheTestApp.properties(provider.baseUrl()).forEach((k, v) -> registry.add(k, () -> v));
	}

	@AfterAll
	static void stopProvider() {
		provider.close();
	}

	private OpenAIClient client(String key) {
		return client(key, "/v1");
	}

	private OpenAIClient client(String key, String path) {
		return OpenAIOkHttpClient.builder()
			.baseUrl("http://127.0.0.1:" + port + path)
			.apiKey(key)
			.maxRetries(0)
			.timeout(Duration.ofSeconds(20))
			.build();
	}

	private static ChatCompletionCreateParams params(String prompt) {
		return ChatCompletionCreateParams.builder().model("gpt-4o").addUserMessage(prompt).temperature(0.0).build();
	}

	private static String content(HttpResponseFor<ChatCompletion> response) {
		return response.parse().choices().get(0).message().content().orElseThrow();
	}

	/** A raw call that returns once the gateway completed the exchange (so a miss has been stored). */
	private static HttpResponseFor<ChatCompletion> create(OpenAIClient client, ChatCompletionCreateParams params)
			throws Exception {
		HttpResponseFor<ChatCompletion> response = client.chat().completions().withRawResponse().create(params);
		completedExchange(response);
		return response;
	}

	/** A streamed answer read to its end: the headers and the concatenated content deltas. */
	private record Streamed(com.openai.core.http.Headers headers, String content) {
	}

	private static Streamed createStreaming(OpenAIClient client, ChatCompletionCreateParams params) throws Exception {
		HttpResponseFor<StreamResponse<ChatCompletionChunk>> response = client.chat().completions().withRawResponse()
			.createStreaming(params);
		String content;
		try (StreamResponse<ChatCompletionChunk> stream = response.parse()) {
			content = stream.stream()
				.filter(c -> !c.choices().isEmpty())
				.map(c -> c.choices().get(0).delta().content().orElse(""))
				.collect(Collectors.joining());
		}
		completedExchange(response);
		return new Streamed(response.headers(), content);
	}

	private static String streamed(Streamed response) {
		return response.content();
	}

	private static String xCache(Streamed response) {
		return String.join(",", response.headers().values("x-cache"));
	}

	private static String xCache(com.openai.core.http.HttpResponse response) {
		return String.join(",", response.headers().values("x-cache"));
	}

	@Test
	void twoIdenticalPlainCallsReachTheProviderOnce() throws Exception {
		OpenAIClient client = client("key-plain");
		int before = NumberedOpenAi.chats(provider).size();

		HttpResponseFor<ChatCompletion> first = create(client, params("plain"));
		String firstContent = content(first);
		HttpResponseFor<ChatCompletion> second = create(client, params("plain"));

		assertThat(NumberedOpenAi.chats(provider).size() - before).isEqualTo(1);
		assertThat(xCache(first)).isEqualTo("MISS");
		assertThat(xCache(second)).isEqualTo("HIT");
		assertThat(second.headers().values("x-cache-key")).isEqualTo(first.headers().values("x-cache-key"));
		assertThat(second.headers().values("age")).hasSize(1);
		assertThat(content(second)).isEqualTo(firstContent).startsWith("Answer #");
	}

	@Test
	void twoIdenticalStreamingCallsReachTheProviderOnce() throws Exception {
		OpenAIClient client = client("key-stream");
		int before = NumberedOpenAi.chats(provider).size();

		var first = createStreaming(client, params("streamed"));
		String firstContent = streamed(first);
		var second = createStreaming(client, params("streamed"));
		String secondContent = streamed(second);

		assertThat(NumberedOpenAi.chats(provider).size() - before).isEqualTo(1);
		assertThat(xCache(first)).isEqualTo("MISS");
		assertThat(xCache(second)).isEqualTo("HIT");
		assertThat(secondContent).isEqualTo(firstContent).startsWith("Answer #");
	}

	@Test
	void aPlainMissServesAStreamingHitAndTheReverse() throws Exception {
		OpenAIClient client = client("key-mixed");
		int before = NumberedOpenAi.chats(provider).size();

		String plain = content(create(client, params("plain then stream")));
		var streamHit = createStreaming(client, params("plain then stream"));
		String streamedHit = streamed(streamHit);
		String streamedMiss = streamed(
				createStreaming(client, params("stream then plain")));
		var plainHit = create(client, params("stream then plain"));

		assertThat(NumberedOpenAi.chats(provider).size() - before).isEqualTo(2);
		assertThat(xCache(streamHit)).isEqualTo("HIT");
		assertThat(streamedHit).isEqualTo(plain);
		assertThat(xCache(plainHit)).isEqualTo("HIT");
		assertThat(content(plainHit)).isEqualTo(streamedMiss);
	}

	@Test
	void aStreamHitIsProperSseWithUsageWhenAskedFor() throws Exception {
		OpenAIClient client = client("key-raw");
		create(client, params("raw sse"));
		String body = "{\"model\":\"gpt-4o\",\"temperature\":0,\"stream\":true,"
				+ "\"stream_options\":{\"include_usage\":true},\"messages\":[{\"role\":\"user\",\"content\":\"raw sse\"}]}";

		HttpResponse<String> hit = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
				.header("Authorization", "Bearer key-raw")
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(hit.headers().firstValue("x-cache")).hasValue("HIT");
		assertThat(hit.headers().firstValue("content-type").orElseThrow()).startsWith("text/event-stream");
		assertThat(hit.body()).startsWith("data: ").contains("\"finish_reason\":\"stop\"")
			.contains("\"prompt_tokens\":11").endsWith("data: [DONE]\n\n");
	}

	@Test
	void theSamePromptFromTwoKeysNeverSharesAnEntry() throws Exception {
		int before = NumberedOpenAi.chats(provider).size();

		String a = content(create(client("key-tenant-a"), params("tenant")));
		var b = create(client("key-tenant-b"), params("tenant"));

		assertThat(NumberedOpenAi.chats(provider).size() - before).isEqualTo(2);
		assertThat(xCache(b)).isEqualTo("MISS");
		assertThat(content(b)).isNotEqualTo(a);
	}

	@Test
	void aSharedRouteOrASharedKeySharesEntriesAcrossKeys() throws Exception {
		int before = NumberedOpenAi.chats(provider).size();

		create(client("key-route-a", "/shared/v1"), params("shared route"));
		var routeHit = create(client("key-route-b", "/shared/v1"), params("shared route"));
		create(client("key-shared-a"), params("shared keys"));
		var keyHit = create(client("key-shared-b"), params("shared keys"));

		assertThat(NumberedOpenAi.chats(provider).size() - before).isEqualTo(2);
		assertThat(xCache(routeHit)).isEqualTo("HIT");
		assertThat(xCache(keyHit)).isEqualTo("HIT");
	}

	@Test
	void userAndMetadataDoNotChangeTheKeyButParametersDo() throws Exception {
		OpenAIClient client = client("key-params");
		int before = NumberedOpenAi.chats(provider).size();

		create(client, params("params").toBuilder().user("alice").build());
		var sameForBob = create(client, params("params").toBuilder().user("bob").putAdditionalBodyProperty("metadata",
					JsonValue.from(java.util.Map.of("run", "7"))).build());
		var otherTemperature = create(client, params("params").toBuilder().temperature(0.5).build());

		assertThat(xCache(sameForBob)).isEqualTo("HIT");
		assertThat(xCache(otherTemperature)).isEqualTo("MISS");
		assertThat(NumberedOpenAi.chats(provider).size() - before).isEqualTo(2);
	}

	@Test
	void theBodyCacheFieldIsHonouredAndNeverReachesTheProvider() throws Exception {
		OpenAIClient client = client("key-controls");
		int before = NumberedOpenAi.chats(provider).size();
		var noStore = params("controls").toBuilder()
			.putAdditionalBodyProperty("cache", JsonValue.from(java.util.Map.of("no-store", true)))
			.build();

		create(client, noStore);
		var second = create(client, params("controls"));

		assertThat(NumberedOpenAi.chats(provider).size() - before).isEqualTo(2);
		assertThat(xCache(second)).isEqualTo("MISS");
		assertThat(NumberedOpenAi.chats(provider).get(before).has("cache")).isFalse();
	}

	@Test
	void errorsAreNeverStored() throws Exception {
		OpenAIClient client = client("key-errors");
		int[] seen = new int[3];

		seen[0] = NumberedOpenAi.chats(provider).size();
		for (int i = 1; i <= 2; i++) {
			try {
				client.chat().completions().create(params("please FAIL"));
			}
			catch (RuntimeException expected) {
				// the SDK throws for the 500
			}
			seen[i] = NumberedOpenAi.chats(provider).size();
		}

		// the router may retry a 500, so count calls, not requests: the second call reached the provider again
		assertThat(seen[1]).isGreaterThan(seen[0]);
		assertThat(seen[2]).isGreaterThan(seen[1]);
	}

	@Test
	void cutStreamsAreNeverStored() throws Exception {
		OpenAIClient client = client("key-cut");
		int before = NumberedOpenAi.chats(provider).size();

		for (int i = 0; i < 2; i++) {
			try {
				streamed(createStreaming(client, params("CUT me")));
			}
			catch (RuntimeException tolerated) {
				// the SDK may report the in-band error
			}
		}

		assertThat(NumberedOpenAi.chats(provider).size() - before).isEqualTo(2);
	}

	@Test
	void aHitCostsNothingRecordsTheSavingAndIsNotChargedByTheRateLimiter() throws Exception {
		// key-limited-* may send two requests per minute
		OpenAIClient client = client("key-limited-1", "/full/v1");

		var miss = create(client, params("full route"));
		LlmExchange missed = completedExchange(miss);
		var hit = create(client, params("full route"));
		LlmExchange hitExchange = completedExchange(hit);
		var secondMiss = create(client, params("full route, other prompt"));
		completedExchange(secondMiss);
		int refused;
		try {
			client.chat().completions().create(params("full route, third prompt"));
			refused = 200;
		}
		catch (com.openai.errors.RateLimitException expected) {
			refused = expected.statusCode();
		}

		assertThat(xCache(hit)).isEqualTo("HIT");
		assertThat(missed.cost()).isPositive();
		assertThat(hitExchange.cacheStatus()).isEqualTo(io.llmgateway.gateway.core.CacheStatus.HIT);
		assertThat(hitExchange.usage()).isEqualTo(missed.usage());
		assertThat(hitExchange.cost()).isZero();
		assertThat(hitExchange.cacheSaving()).isEqualByComparingTo(missed.cost());
		assertThat(secondMiss.statusCode()).isEqualTo(200);
		assertThat(refused).isEqualTo(429);
	}

	/** The completed context of the call that answered with this response (by request id). */
	private static LlmExchange completedExchange(com.openai.core.http.HttpResponse response) throws Exception {
		String requestId = response.headers().values("x-request-id").get(0);
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (System.nanoTime() < deadline) {
			for (LlmExchange llm : CacheTestApp.completed) {
				if (requestId.equals(llm.requestId())) {
					return llm;
				}
			}
			Thread.sleep(10);
		}
		throw new AssertionError("no completed exchange for request " + requestId);
	}

	@Test
	void adminCanPingDeleteAndFlushWithTheMasterKeyOnly() throws Exception {
		OpenAIClient client = client("key-admin");
		var first = create(client, params("admin"));
		String hash = first.headers().values("x-cache-key").get(0);
		HttpClient http = HttpClient.newHttpClient();

		HttpResponse<String> denied = http.send(admin("/llm/cache/ping", "sk-wrong", null),
				HttpResponse.BodyHandlers.ofString());
		HttpResponse<String> ping = http.send(admin("/llm/cache/ping", CacheTestApp.MASTER_KEY, null),
				HttpResponse.BodyHandlers.ofString());
		HttpResponse<String> delete = http.send(
				admin("/llm/cache/delete", CacheTestApp.MASTER_KEY, "{\"keys\":[\"" + hash + "\"]}"),
				HttpResponse.BodyHandlers.ofString());
		var afterDelete = create(client, params("admin"));
		HttpResponse<String> flush = http.send(
				admin("/llm/cache/flush", CacheTestApp.MASTER_KEY, "{\"key_id\":\"admin\"}"),
				HttpResponse.BodyHandlers.ofString());
		var afterFlush = create(client, params("admin"));

		assertThat(denied.statusCode()).isEqualTo(401);
		assertThat(ping.statusCode()).isEqualTo(200);
		assertThat(ping.body()).contains("\"backend\":\"local\"").contains("\"enabled\":true");
		assertThat(delete.body()).contains("\"deleted\":1");
		assertThat(xCache(afterDelete)).isEqualTo("MISS");
		assertThat(flush.body()).contains("\"deleted\":1");
		assertThat(xCache(afterFlush)).isEqualTo("MISS");
	}

	private HttpRequest admin(String path, String key, String json) {
		HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.header("Authorization", "Bearer " + key);
		return json == null ? b.GET().build()
				: b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build();
	}
}
