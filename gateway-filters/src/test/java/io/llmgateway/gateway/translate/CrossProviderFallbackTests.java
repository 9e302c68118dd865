package io.llmgateway.gateway.translate;

import java.time.Duration;
import java.util.List;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.llmgateway.gateway.support.mock.MockProvider;
import io.llmgateway.gateway.support.mock.Replies;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A fallback to another provider: an OpenAI client asks for a model whose OpenAI-compatible deployment is down; the
 * router falls back to a group served by Anthropic, and the request is re-serialized from the canonical request for
 * it (the validating Anthropic mock accepts it only if it is a proper Messages request).
 */
class CrossProviderFallbackTests extends TranslationGatewayTestBase {

	OpenAIClient client() {
		return OpenAIOkHttpClient.builder()
			.baseUrl(baseUrl() + "/v1")
			.apiKey("sk-client")
			.maxRetries(0)
			.timeout(Duration.ofSeconds(20))
			.build();
	}

	@Test
	void aDownOpenAiDeploymentFallsBackToAnthropicThroughTheOpenAiSdk() throws Exception {
		anthropic.behave(Replies.json(200, ProviderScripts.anthropicMessage("Fallback answer.")));
		var raw = client().chat()
			.completions()
			.withRawResponse()
			.create(ChatCompletionCreateParams.builder()
				.model("unreachable-openai")
				.addSystemMessage("Be brief.")
				.addUserMessage("Weather in Oslo?")
				.build());
		assertThat(raw.statusCode()).isEqualTo(200);
		assertThat(raw.headers().values("x-llm-fallback")).containsExactly("true");
		ChatCompletion completion = raw.parse();
		assertThat(completion.choices().get(0).message().content()).hasValue("Fallback answer.");
		assertThat(completion.model()).isEqualTo("unreachable-openai");
		MockProvider.Received received = anthropic.take();
		assertThat(received.json().path("model").asString()).isEqualTo("claude-test");
		assertThat(received.json().path("system").toString()).contains("Be brief.");
		assertThat(received.headers()).containsKey("x-api-key").doesNotContainKey("authorization");
	}

	@Test
	void aStreamingRequestFallsBackBeforeAnythingReachedTheClient() {
		anthropic.behave(Replies.sseFrames(ProviderScripts.anthropicStream(false, "Streamed ", "fallback.")));
		ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
		try (StreamResponse<ChatCompletionChunk> stream = client().chat()
			.completions()
			.createStreaming(ChatCompletionCreateParams.builder()
				.model("unreachable-openai")
				.addUserMessage("Weather in Oslo?")
				.build())) {
			stream.stream().forEach(accumulator::accumulate);
		}
		ChatCompletion completion = accumulator.chatCompletion();
		assertThat(completion.choices().get(0).message().content()).hasValue("Streamed fallback.");
		assertThat(List.of(completion.choices().get(0).finishReason().asString())).containsExactly("stop");
	}
}
