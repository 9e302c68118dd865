package io.llmgateway.gateway.cache;

import java.time.Duration;
import java.util.stream.Collectors;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.HttpResponseFor;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
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
 * The cache behind the Anthropic Messages endpoint ({@code /v1/messages}), driven by the official anthropic-java SDK,
 * with an OpenAI-compatible loopback provider behind it: the stored canonical answer is served in Anthropic's
 * format, plain or as Anthropic's event stream.
 */
@SpringBootTest(classes = CacheTestApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LlmCacheAnthropicEndToEndTests {

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

	private AnthropicClient client(String key) {
		return AnthropicOkHttpClient.builder()
			.baseUrl("http://127.0.0.1:" + port)
			.apiKey(key)
			.maxRetries(0)
			.timeout(Duration.ofSeconds(20))
			.build();
	}

	private static MessageCreateParams params(String prompt) {
		return MessageCreateParams.builder().model("gpt-4o").maxTokens(256).addUserMessage(prompt)
			.build();
	}

	private static String text(HttpResponseFor<Message> response) {
		return response.parse().content().get(0).text().orElseThrow().text();
	}

	private static String xCache(com.anthropic.core.http.HttpResponse response) {
		return String.join(",", response.headers().values("x-cache"));
	}

	private static HttpResponseFor<Message> create(AnthropicClient client, MessageCreateParams params)
			throws Exception {
		HttpResponseFor<Message> response = client.messages().withRawResponse().create(params);
		awaitCompletion(response.headers().values("x-request-id").get(0));
		return response;
	}

	private record Streamed(String xCache, String text) {
	}

	private static Streamed createStreaming(AnthropicClient client, MessageCreateParams params) throws Exception {
		HttpResponseFor<StreamResponse<RawMessageStreamEvent>> response = client.messages().withRawResponse()
			.createStreaming(params);
		String text;
		try (StreamResponse<RawMessageStreamEvent> stream = response.parse()) {
			text = stream.stream()
				.flatMap(e -> e.contentBlockDelta().stream())
				.flatMap(d -> d.delta().text().stream())
				.map(t -> t.text())
				.collect(Collectors.joining());
		}
		awaitCompletion(response.headers().values("x-request-id").get(0));
		return new Streamed(String.join(",", response.headers().values("x-cache")), text);
	}

	private static void awaitCompletion(String requestId) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (System.nanoTime() < deadline) {
			if (CacheTestApp.completed.stream().anyMatch(llm -> requestId.equals(llm.requestId()))) {
				return;
			}
			Thread.sleep(10);
		}
		throw new AssertionError("no completed exchange for request " + requestId);
	}

	@Test
	void twoIdenticalPlainCallsReachTheProviderOnce() throws Exception {
		AnthropicClient client = client("key-anthropic-plain");
		int before = NumberedOpenAi.chats(provider).size();

		HttpResponseFor<Message> first = create(client, params("anthropic plain"));
		HttpResponseFor<Message> second = create(client, params("anthropic plain"));

		assertThat(NumberedOpenAi.chats(provider).size() - before).isEqualTo(1);
		assertThat(xCache(first)).isEqualTo("MISS");
		assertThat(xCache(second)).isEqualTo("HIT");
		assertThat(text(second)).isEqualTo(text(first)).startsWith("Answer #");
	}

	@Test
	void twoIdenticalStreamingCallsReachTheProviderOnceAndMixWithPlainCalls() throws Exception {
		AnthropicClient client = client("key-anthropic-stream");
		int before = NumberedOpenAi.chats(provider).size();

		Streamed first = createStreaming(client, params("anthropic stream"));
		Streamed second = createStreaming(client, params("anthropic stream"));
		HttpResponseFor<Message> plainHit = create(client, params("anthropic stream"));

		assertThat(NumberedOpenAi.chats(provider).size() - before).isEqualTo(1);
		assertThat(first.xCache()).isEqualTo("MISS");
		assertThat(second.xCache()).isEqualTo("HIT");
		assertThat(second.text()).isEqualTo(first.text()).startsWith("Answer #");
		assertThat(xCache(plainHit)).isEqualTo("HIT");
		assertThat(text(plainHit)).isEqualTo(first.text());
	}
}
