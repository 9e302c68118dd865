package io.llmgateway.gateway.translate;

import java.time.Duration;
import java.util.UUID;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.InternalServerException;
import com.openai.errors.NotFoundException;
import com.openai.errors.RateLimitException;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import io.llmgateway.gateway.core.Completion;
import io.llmgateway.gateway.core.LlmExchange;
import io.llmgateway.gateway.support.GatewayTestBase;
import io.llmgateway.gateway.support.mock.MockProvider;
import io.llmgateway.gateway.support.mock.OpenAiReplies;
import io.llmgateway.gateway.support.mock.Replies;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The official OpenAI Java SDK against the real gateway and a mock provider over loopback HTTP. */
class OpenAiSdkIntegrationTests extends GatewayTestBase {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private OpenAIClient client;

	private String requestId;

	@BeforeEach
	void client() {
		requestId = "test-" + UUID.randomUUID();
		client = OpenAIOkHttpClient.builder()
			.putHeader("x-request-id", requestId)
			.baseUrl(baseUrl() + "/v1")
			.apiKey("sk-client-key-must-not-leak")
			.maxRetries(0)
			.timeout(Duration.ofSeconds(20))
			.build();
	}

	private static ChatCompletionCreateParams params(String model) {
		return ChatCompletionCreateParams.builder().model(model).addUserMessage("Say hello").build();
	}

	@Test
	void plainCompletion() throws Exception {
		provider.behave(Replies.json(200, OpenAiReplies.completion("Hello from the mock.")));

		ChatCompletion completion = client.chat().completions().create(params("gpt-test"));

		assertThat(completion.choices().get(0).message().content()).contains("Hello from the mock.");
		assertThat(completion.usage().get().totalTokens()).isEqualTo(13);
		MockProvider.Received received = provider.take();
		assertThat(received.path()).isEqualTo("/v1/chat/completions");
		JsonNode body = JSON.readTree(received.body());
		assertThat(body.get("model").stringValue()).isEqualTo("provider-model-1");
		assertThat(body.get("messages").get(0).get("content").stringValue()).isEqualTo("Say hello");
		assertThat(received.headers().get("authorization")).isEqualTo("Bearer sk-provider-secret");
		assertThat(received.headers().values()).noneMatch(v -> v.contains("sk-client-key-must-not-leak"));

		LlmExchange llm = completed(requestId);
		assertThat(llm.completion()).as("%s %s %s", llm.status(), llm.error(), llm.attempts()).isEqualTo(Completion.SUCCESS);
		assertThat(llm.status()).isEqualTo(200);
		assertThat(llm.usage().totalTokens()).isEqualTo(13);
		assertThat(llm.deployment().id()).isEqualTo("gpt-test#0");
		assertThat(llm.attempts()).hasSize(1);
		assertThat(llm.upstreamSentNanos()).isPositive();
		assertThat(llm.firstUpstreamByteNanos()).isGreaterThanOrEqualTo(llm.upstreamSentNanos());
	}

	@Test
	void streamingCompletionAssembledBySdk() throws Exception {
		provider.behave(Replies.sse(OpenAiReplies.streamPayloads("Hel", "lo", " wörld ✓"), Duration.ofMillis(5)));
		ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();

		try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params("gpt-test"))) {
			stream.stream().forEach(accumulator::accumulate);
		}

		ChatCompletion completion = accumulator.chatCompletion();
		assertThat(completion.choices().get(0).message().content()).contains("Hello wörld ✓");
		JsonNode upstream = JSON.readTree(provider.take().body());
		assertThat(upstream.get("stream").booleanValue()).isTrue();
		assertThat(upstream.get("stream_options").get("include_usage").booleanValue()).isTrue();
		LlmExchange llm = completed(requestId);
		assertThat(llm.completion()).as("%s %s %s", llm.status(), llm.error(), llm.attempts()).isEqualTo(Completion.SUCCESS);
		assertThat(llm.usage().totalTokens()).isEqualTo(12);
		assertThat(llm.firstClientByteNanos()).isPositive();
	}

	@Test
	void streamingKeepsUsageChunkWhenClientAsks() throws Exception {
		provider.behave(Replies.sse(OpenAiReplies.streamPayloads("a", "b"), Duration.ZERO));
		ChatCompletionCreateParams params = params("gpt-test").toBuilder()
			.streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
			.build();
		ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();

		try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
			stream.stream().forEach(accumulator::accumulate);
		}

		assertThat(accumulator.chatCompletion().usage()).hasValueSatisfying(u -> assertThat(u.totalTokens()).isEqualTo(12));
	}

	@Test
	void unknownModelIsNotFound() {
		assertThatThrownBy(() -> client.chat().completions().create(params("no-such-model")))
			.isInstanceOf(NotFoundException.class)
			.hasMessageContaining("no-such-model")
			.hasMessageContaining("GET /v1/models");
	}

	@Test
	void upstreamRateLimitBecomesRateLimitException() throws Exception {
		provider.behave(Replies.jsonWithHeader(429, """
				{"error":{"message":"Rate limit reached for requests","type":"requests","param":null,\
				"code":"rate_limit_exceeded"}}""", "retry-after", "7"));

		assertThatThrownBy(() -> client.chat().completions().create(params("gpt-test")))
			.isInstanceOf(RateLimitException.class)
			.hasMessageContaining("Rate limit reached");
		LlmExchange llm = completed(requestId);
		assertThat(llm.completion()).isEqualTo(Completion.FAILED);
		assertThat(llm.status()).as("%s %s", llm.error(), llm.attempts()).isEqualTo(429);
		assertThat(llm.error().retryAfterSeconds()).isEqualTo(7L);
	}

	@Test
	void upstreamServerErrorBecomesInternalServerException() {
		provider.behave(Replies.json(500, "{\"error\":{\"message\":\"The server had an error\",\"type\":\"server_error\"}}"));

		assertThatThrownBy(() -> client.chat().completions().create(params("gpt-test")))
			.isInstanceOf(InternalServerException.class)
			.hasMessageContaining("The server had an error");
	}
}
