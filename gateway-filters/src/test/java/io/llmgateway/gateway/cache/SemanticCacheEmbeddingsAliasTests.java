package io.llmgateway.gateway.cache;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.openai.client.OpenAIClient;
import io.llmgateway.gateway.core.EmbeddingsCaller;
import io.llmgateway.gateway.support.mock.MockProvider;
import io.llmgateway.gateway.support.mock.NumberedOpenAi;
import io.llmgateway.gateway.translate.RoutedEmbeddingsCaller;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static io.llmgateway.gateway.cache.SemanticCacheEndToEndTests.create;
import static io.llmgateway.gateway.cache.SemanticCacheEndToEndTests.header;
import static io.llmgateway.gateway.cache.SemanticCacheEndToEndTests.params;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The semantic stage with {@code llm.cache.semantic.embedding-model} naming an embeddings alias of {@code llm.models}:
 * the vectors come from the provider through the gateway's embeddings path (here the loopback mock, whose vectors are
 * bags of words), not from the in-process model, which is never loaded.
 */
@SpringBootTest(classes = CacheTestApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SemanticCacheEmbeddingsAliasTests {

	static final MockProvider provider = NumberedOpenAi.start();

	@LocalServerPort
	int port;

	@Autowired
	ApplicationContext context;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		CacheTestApp.properties(provider.baseUrl()).forEach((k, v) -> registry.add(k, () -> v));
		registry.add("llm.models[1].name", () -> "embedder");
		registry.add("llm.models[1].provider", () -> "openai");
		registry.add("llm.models[1].model", () -> "text-embedding-3-small");
		registry.add("llm.models[1].api-base", provider::baseUrl);
		registry.add("llm.models[1].api-key", () -> "sk-upstream");
		registry.add("llm.cache.semantic.enabled", () -> "true");
		registry.add("llm.cache.semantic.embedding-model", () -> "embedder");
		registry.add("llm.cache.semantic.embedding-timeout", () -> "3s");
	}

	@AfterAll
	static void stopProvider() {
		provider.close();
	}

	OpenAIClient client(String key) {
		return SemanticCacheEndToEndTests.client(port, key, "/v1");
	}

	@Test
	void aParaphraseHitsWithVectorsFromTheEmbeddingsAlias() throws Exception {
		OpenAIClient client = client("key-alias-hit");
		int chats = NumberedOpenAi.chats(provider).size();
		int embeddings = NumberedOpenAi.embeddings(provider).size();

		var first = create(client, params("What is the capital of France?"));
		int chatsAfterFirst = NumberedOpenAi.chats(provider).size();
		var paraphrase = create(client, params("what is the capital of france"));

		assertThat(header(first, "x-cache")).isEqualTo("MISS");
		assertThat(header(paraphrase, "x-cache")).isEqualTo("HIT-SEMANTIC");
		assertThat(header(paraphrase, "x-cache-key")).isEqualTo(header(first, "x-cache-key"));
		// one chat call for the first question, none for the paraphrase; one embedding for each
		assertThat(chatsAfterFirst - chats).isEqualTo(1);
		assertThat(NumberedOpenAi.chats(provider).size()).isEqualTo(chatsAfterFirst);
		assertThat(NumberedOpenAi.embeddings(provider).size() - embeddings).isEqualTo(2);
		assertThat(NumberedOpenAi.embeddings(provider).get(embeddings).path("model").asString()).isEqualTo("text-embedding-3-small");
		assertThat(NumberedOpenAi.embeddings(provider).get(embeddings + 1).path("input").toString())
			.contains("what is the capital of france");
	}

	@Test
	void theInProcessModelIsNotLoadedAndTheGatewaysEmbeddingsPathIsUsed() {
		assertThat(context.getBeansOfType(MiniLmEmbedder.class)).isEmpty();
		assertThat(context.getBean(Embedder.class).name()).isEqualTo("gateway:embedder");
		assertThat(context.getBean(EmbeddingsCaller.class)).isInstanceOf(RoutedEmbeddingsCaller.class);
	}

	@Test
	void aSlowEmbeddingMakesTheRequestSkipTheStageInsteadOfWaiting() throws Exception {
		OpenAIClient client = client("key-alias-slow");
		int chats = NumberedOpenAi.chats(provider).size();
		long start = System.nanoTime();

		var answered = create(client, params("SLOW question about the weather"));

		// the mock holds the embedding for 15s; the request went on after embedding-timeout (3s)
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(NumberedOpenAi.SLOW_EMBEDDING);
		assertThat(header(answered, "x-cache")).isEqualTo("MISS");
		assertThat(NumberedOpenAi.chats(provider).size() - chats).isEqualTo(1);
	}

	@Test
	void flushingANamespaceClearsItsSemanticEntriesAndNoOtherTenants() throws Exception {
		OpenAIClient mine = client("key-alias-flushed");
		OpenAIClient theirs = client("key-alias-kept");
		create(mine, params("How many moons does Mars have?"));
		create(theirs, params("How many moons does Mars have?"));
		assertThat(header(create(mine, params("how many moons does mars have")), "x-cache")).isEqualTo("HIT-SEMANTIC");

		HttpResponse<String> flush = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/llm/cache/flush"))
				.header("Authorization", "Bearer " + CacheTestApp.MASTER_KEY)
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{\"key_id\":\"alias-flushed\"}"))
				.build(), HttpResponse.BodyHandlers.ofString());
		int chats = NumberedOpenAi.chats(provider).size();
		var mineAfter = create(mine, params("how many moons does mars have"));
		var theirsAfter = create(theirs, params("how many moons does mars have"));

		assertThat(flush.statusCode()).isEqualTo(200);
		assertThat(flush.body()).contains("\"deleted\":1").contains("\"semantic_deleted\":1");
		assertThat(header(mineAfter, "x-cache")).isEqualTo("MISS");
		assertThat(header(theirsAfter, "x-cache")).isEqualTo("HIT-SEMANTIC");
		assertThat(NumberedOpenAi.chats(provider).size() - chats).isEqualTo(1);
	}
}
