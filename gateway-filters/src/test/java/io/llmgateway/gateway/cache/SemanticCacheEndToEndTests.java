package io.llmgateway.gateway.cache;

import java.time.Duration;
import java.util.stream.Collectors;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.llmgateway.gateway.core.CacheStatus;
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
 * The semantic stage end to end: the gateway with {@code llm.cache.semantic.enabled}, its in-process embedding
 * model, a loopback provider that numbers its answers, and the official openai-java SDK as the client. Each test
 * uses its own keys (tenants), so tests share one context and one provider.
 */
@SpringBootTest(classes = CacheTestApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SemanticCacheEndToEndTests {

	static final MockProvider provider = NumberedOpenAi.start();

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		CacheTestApp.properties(provider.baseUrl()).forEach((k, v) -> registry.add(k, () -> v));
		registry.add("llm.cache.semantic.enabled", () -> "true");
	}

	@AfterAll
	static void stopProvider() {
		provider.close();
	}

	OpenAIClient client(String key, String path) {
		return client(port, key, path);
	}

	static OpenAIClient client(int port, String key, String path) {
		return OpenAIOkHttpClient.builder()
			.baseUrl("http://127.0.0.1:" + port + path)
			.apiKey(key)
			.maxRetries(0)
			.timeout(Duration.ofSeconds(30))
			.build();
	}

	static ChatCompletionCreateParams params(String prompt) {
		return ChatCompletionCreateParams.builder().model("gpt-4o").addUserMessage(prompt).temperature(0.0).build();
	}

	static HttpResponseFor<ChatCompletion> create(OpenAIClient client, ChatCompletionCreateParams params)
			throws Exception {
		HttpResponseFor<ChatCompletion> response = client.chat().completions().withRawResponse().create(params);
		response.parse();
		completed(response);
		return response;
	}

	static String content(HttpResponseFor<ChatCompletion> response) {
		return response.parse().choices().get(0).message().content().orElseThrow();
	}

	static String header(com.openai.core.http.HttpResponse response, String name) {
		return String.join(",", response.headers().values(name));
	}

	@Test
	void aParaphraseIsAnsweredFromTheCachePlainAndStreamed() throws Exception {
		OpenAIClient client = client("key-sem-paraphrase", "/v1");
		int before = NumberedOpenAi.chats(provider).size();

		var first = create(client, params("What is the capital of France?"));
		var plain = create(client, params("What's the capital of France?"));
		HttpResponseFor<StreamResponse<ChatCompletionChunk>> streamed = client.chat().completions()
			.withRawResponse()
			.createStreaming(params("what is the capital of france"));
		String streamedContent;
		try (StreamResponse<ChatCompletionChunk> stream = streamed.parse()) {
			streamedContent = stream.stream()
				.filter(c -> !c.choices().isEmpty())
				.map(c -> c.choices().get(0).delta().content().orElse(""))
				.collect(Collectors.joining());
		}

		assertThat(NumberedOpenAi.chats(provider).size() - before).isEqualTo(1);
		assertThat(header(first, "x-cache")).isEqualTo("MISS");
		assertThat(header(plain, "x-cache")).isEqualTo("HIT-SEMANTIC");
		assertThat(Double.parseDouble(header(plain, "x-cache-similarity"))).isBetween(0.9, 1.0);
		assertThat(header(plain, "x-cache-key")).isEqualTo(header(first, "x-cache-key"));
		assertThat(content(plain)).isEqualTo(content(first)).startsWith("Answer #");
		assertThat(header(streamed, "x-cache")).isEqualTo("HIT-SEMANTIC");
		assertThat(streamedContent).isEqualTo(content(first));
	}

	@Test
	void unrelatedQuestionsAndNearMissesGoToTheProvider() throws Exception {
		OpenAIClient client = client("key-sem-unrelated", "/v1");
		int before = NumberedOpenAi.chats(provider).size();

		create(client, params("How do I reverse a list in Python?"));
		var unrelated = create(client, params("How do I make pancakes?"));
		var otherLanguage = create(client, params("How do I reverse a list in Java?"));
		var negated = create(client, params("Why does my code compile?"));
		var negation = create(client, params("Why doesn't my code compile?"));

		assertThat(NumberedOpenAi.chats(provider).size() - before).isEqualTo(5);
		assertThat(header(unrelated, "x-cache")).isEqualTo("MISS");
		assertThat(header(otherLanguage, "x-cache")).isEqualTo("MISS");
		assertThat(header(negated, "x-cache")).isEqualTo("MISS");
		assertThat(header(negation, "x-cache")).isEqualTo("MISS");
	}

	@Test
	void longPromptsThatDifferOnlyBeyondTheModelsWindowMiss() throws Exception {
		OpenAIClient client = client("key-sem-long", "/v1");
		int before = NumberedOpenAi.chats(provider).size();
		String context = MiniLmEmbedderTests.SENTENCE.repeat(6);

		var english = create(client, params(context + "Answer in English."));
		var german = create(client, params(context + "Answer in German."));
		var englishAgain = create(client, params(context.substring(0, 40).toUpperCase(java.util.Locale.ROOT)
				+ context.substring(40) + "Answer in English."));

		assertThat(header(german, "x-cache")).isEqualTo("MISS");
		assertThat(content(german)).isNotEqualTo(content(english));
		// the same ending, only the beginning (inside the window) written otherwise: a paraphrase
		assertThat(header(englishAgain, "x-cache")).isEqualTo("HIT-SEMANTIC");
		assertThat(NumberedOpenAi.chats(provider).size() - before).isEqualTo(2);
	}

	@Test
	void anotherTenantsParaphraseMisses() throws Exception {
		int before = NumberedOpenAi.chats(provider).size();

		var mine = create(client("key-sem-tenant-a", "/v1"), params("How many legs does a spider have?"));
		var theirs = create(client("key-sem-tenant-b", "/v1"), params("How many legs do spiders have?"));
		var mineAgain = create(client("key-sem-tenant-a", "/v1"), params("How many legs do spiders have?"));

		assertThat(NumberedOpenAi.chats(provider).size() - before).isEqualTo(2);
		assertThat(header(mine, "x-cache")).isEqualTo("MISS");
		assertThat(header(theirs, "x-cache")).isEqualTo("MISS");
		assertThat(content(theirs)).isNotEqualTo(content(mine));
		assertThat(header(mineAgain, "x-cache")).isEqualTo("HIT-SEMANTIC");
	}

	@Test
	void noCacheBypassesTheSemanticStage() throws Exception {
		OpenAIClient client = client("key-sem-nocache", "/v1");
		int before = NumberedOpenAi.chats(provider).size();

		create(client, params("Who painted the Mona Lisa?"));
		var bypassed = create(client, params("Who painted the Mona Lisa painting?").toBuilder()
			.putAdditionalHeader("Cache-Control", "no-cache")
			.build());

		assertThat(NumberedOpenAi.chats(provider).size() - before).isEqualTo(2);
		assertThat(header(bypassed, "x-cache")).isEqualTo("MISS");
	}

	@Test
	void aSemanticHitCostsNothingAndIsFlaggedForMetrics() throws Exception {
		OpenAIClient client = client("key-sem-spend", "/full/v1");

		var miss = create(client, params("What is the boiling point of water in Celsius?"));
		var hit = create(client, params("what's the boiling point of water in celsius"));
		LlmExchange missed = completed(miss);
		LlmExchange hitExchange = completed(hit);

		assertThat(header(hit, "x-cache")).isEqualTo("HIT-SEMANTIC");
		assertThat(missed.cost()).isPositive();
		assertThat(missed.cacheSimilarity()).isNull();
		assertThat(hitExchange.cacheStatus()).isEqualTo(CacheStatus.HIT);
		assertThat(hitExchange.cacheSimilarity()).isGreaterThanOrEqualTo(0.9);
		assertThat(hitExchange.cost()).isZero();
		assertThat(hitExchange.cacheSaving()).isEqualByComparingTo(missed.cost());
	}

	/** The completed context of the call that answered with this response (by request id). */
	static LlmExchange completed(com.openai.core.http.HttpResponse response) throws Exception {
		String requestId = response.headers().values("x-request-id").get(0);
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
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
}
