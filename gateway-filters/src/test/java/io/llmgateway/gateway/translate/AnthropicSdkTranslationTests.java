package io.llmgateway.gateway.translate;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.AnthropicException;
import com.anthropic.errors.AnthropicServiceException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolResultBlockParam;
import com.anthropic.models.messages.ToolUseBlock;
import io.llmgateway.gateway.support.mock.MockProvider;
import io.llmgateway.gateway.support.mock.Replies;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The official Anthropic Java SDK through the gateway's {@code /v1/messages} to an OpenAI-compatible and a Gemini
 * mock provider that validate requests, and to an Anthropic mock (pass-through).
 */
class AnthropicSdkTranslationTests extends TranslationGatewayTestBase {

	private AnthropicClient client;

	@BeforeEach
	void client() {
		client = AnthropicOkHttpClient.builder()
			.baseUrl(baseUrl())
			.apiKey("sk-ant-client-key")
			.maxRetries(0)
			.timeout(Duration.ofSeconds(20))
			.build();
	}

	private static MessageCreateParams.Builder ask(String model) {
		return MessageCreateParams.builder().model(model).maxTokens(256).system("Be brief.").addUserMessage("Weather in Oslo?");
	}

	private static Tool weatherTool() {
		return Tool.builder()
			.name("get_weather")
			.description("Current weather")
			.inputSchema(Tool.InputSchema.builder()
				.properties(JsonValue.from(Map.of("city", Map.of("type", "string"))))
				.build())
			.build();
	}

	@Test
	void plainToOpenAi() throws Exception {
		openai.behave(Replies.json(200, ProviderScripts.openAiCompletion("Cold and snowy.")));

		Message message = client.messages().create(ask("via-openai").build());

		assertThat(message.content().get(0).text().orElseThrow().text()).isEqualTo("Cold and snowy.");
		assertThat(message.stopReason()).contains(StopReason.END_TURN);
		assertThat(message.model().asString()).isEqualTo("via-openai");
		assertThat(message.usage().inputTokens()).isEqualTo(121);
		assertThat(message.usage().cacheReadInputTokens()).contains(1800L);
		assertThat(message.usage().outputTokens()).isEqualTo(35);
		MockProvider.Received received = openai.take();
		assertThat(received.headers().get("authorization")).isEqualTo("Bearer provider-secret-openai-compatible");
		assertThat(received.headers()).doesNotContainValue("sk-ant-client-key");
		assertThat(received.json().at("/messages/0/role").asString()).isEqualTo("system");
		assertThat(received.json().at("/messages/0/content").asString()).isEqualTo("Be brief.");
		assertThat(received.json().get("model").asString()).isEqualTo("gpt-test");
	}

	@Test
	void streamingToOpenAiAccumulatesWithUsage() {
		openai.behave(Replies.sseFrames(ProviderScripts.openAiStream(false, "Cold ", "and snowy.")));
		Message message = stream(ask("via-openai").build());
		assertThat(message.content()).hasSize(1);
		assertThat(message.content().get(0).text().orElseThrow().text()).isEqualTo("Cold and snowy.");
		assertThat(message.stopReason()).contains(StopReason.END_TURN);
		assertThat(message.usage().inputTokens()).isEqualTo(121);
		assertThat(message.usage().cacheReadInputTokens()).contains(1800L);
		assertThat(message.usage().outputTokens()).isEqualTo(35);
	}

	@Test
	void streamingToolCallFromOpenAi() throws Exception {
		openai.behave(Replies.sseFrames(ProviderScripts.openAiStream(true)));
		Message message = stream(ask("via-openai").addTool(weatherTool()).build());
		assertThat(message.stopReason()).contains(StopReason.TOOL_USE);
		assertThat(message.content()).hasSize(1);
		ToolUseBlock call = message.content().get(0).toolUse().orElseThrow();
		assertThat(call.name()).isEqualTo("get_weather");
		assertThat(call._input().toString()).contains("Oslo");
		JsonNode body = openai.take().json();
		assertThat(body.at("/tools/0/function/name").asString()).isEqualTo("get_weather");
		assertThat(body.at("/stream_options/include_usage").asBoolean()).isTrue();
	}

	@Test
	void twoTurnToolCallToOpenAi() throws Exception {
		openai.behave(Replies.json(200, ProviderScripts.openAiToolCall()));
		Message turn1 = client.messages().create(ask("via-openai").addTool(weatherTool()).build());
		assertThat(turn1.stopReason()).contains(StopReason.TOOL_USE);
		ToolUseBlock call = turn1.content().get(0).toolUse().orElseThrow();
		openai.take();

		openai.behave(Replies.json(200, ProviderScripts.openAiCompletion("It is 4 degrees.")));
		Message turn2 = client.messages().create(ask("via-openai").addTool(weatherTool())
			.addMessage(turn1)
			.addUserMessageOfContentBlockParams(List.of(
					ContentBlockParam.ofToolResult(ToolResultBlockParam.builder().toolUseId(call.id()).content("4C").build()),
					ContentBlockParam.ofText("Thanks")))
			.build());
		assertThat(turn2.content().get(0).text().orElseThrow().text()).isEqualTo("It is 4 degrees.");
		JsonNode body = openai.take().json();
		assertThat(body.at("/messages/2/role").asString()).isEqualTo("assistant");
		assertThat(body.at("/messages/2/tool_calls/0/id").asString()).isEqualTo(call.id());
		assertThat(body.at("/messages/3/role").asString()).isEqualTo("tool");
		assertThat(body.at("/messages/3/tool_call_id").asString()).isEqualTo(call.id());
		assertThat(body.at("/messages/4/role").asString()).isEqualTo("user");
	}

	@Test
	void plainAndStreamingToGemini() throws Exception {
		gemini.behave(Replies.json(200, ProviderScripts.geminiText("Cold and snowy.")));
		Message message = client.messages().create(ask("via-gemini").build());
		assertThat(message.content().get(0).text().orElseThrow().text()).isEqualTo("Cold and snowy.");
		assertThat(message.usage().inputTokens()).isEqualTo(56);
		assertThat(message.usage().cacheReadInputTokens()).contains(64L);
		assertThat(message.usage().outputTokens()).isEqualTo(70);
		gemini.take();

		gemini.behave(Replies.sseFrames(ProviderScripts.geminiStream(false, "Cold ", "and snowy.")));
		Message streamed = stream(ask("via-gemini").build());
		assertThat(streamed.content().get(0).text().orElseThrow().text()).isEqualTo("Cold and snowy.");
		assertThat(streamed.usage().inputTokens()).isEqualTo(8);
		assertThat(streamed.usage().cacheReadInputTokens()).contains(4L);
		assertThat(streamed.usage().outputTokens()).isEqualTo(8);
		assertThat(streamed.stopReason()).contains(StopReason.END_TURN);
	}

	@Test
	void toolCallsWithGemini() throws Exception {
		gemini.behave(Replies.sseFrames(ProviderScripts.geminiStream(true, "Checking.")));
		Message turn1 = stream(ask("via-gemini").addTool(weatherTool()).build());
		assertThat(turn1.stopReason()).contains(StopReason.TOOL_USE);
		ToolUseBlock call = turn1.content().get(1).toolUse().orElseThrow();
		assertThat(call.name()).isEqualTo("get_weather");
		assertThat(call.id()).matches("[a-zA-Z0-9_-]+");
		gemini.take();

		gemini.behave(Replies.json(200, ProviderScripts.geminiText("It is 4 degrees.")));
		client.messages().create(ask("via-gemini").addTool(weatherTool())
			.addMessage(turn1)
			.addUserMessageOfContentBlockParams(List.of(
					ContentBlockParam.ofToolResult(ToolResultBlockParam.builder().toolUseId(call.id()).content("4C").build())))
			.build());
		JsonNode body = gemini.take().json();
		assertThat(body.at("/contents/1/role").asString()).isEqualTo("model");
		assertThat(body.at("/contents/1/parts/1/functionCall/name").asString()).isEqualTo("get_weather");
		assertThat(body.at("/contents/2/parts/0/functionResponse/name").asString()).isEqualTo("get_weather");
		assertThat(body.at("/contents/2/parts/0/functionResponse/response/output").asString()).isEqualTo("4C");
	}

	@Test
	void anthropicToAnthropicPassesTheClientJsonAndBetaHeader() throws Exception {
		anthropic.behave(Replies.json(200, ProviderScripts.anthropicMessage("Hi.")));
		AnthropicClient beta = client.withOptions(o -> o.putHeader("anthropic-beta", "prompt-caching-2024-07-31"));
		Message message = beta.messages().create(ask("via-anthropic").build());
		assertThat(message.content().get(0).text().orElseThrow().text()).isEqualTo("Hi.");
		assertThat(message.usage().cacheReadInputTokens()).contains(1800L);
		MockProvider.Received received = anthropic.take();
		assertThat(received.headers().get("anthropic-beta")).isEqualTo("prompt-caching-2024-07-31");
		assertThat(received.headers().get("x-api-key")).isEqualTo("provider-secret-anthropic");
		assertThat(received.json().get("model").asString()).isEqualTo("claude-test");
		assertThat(received.json().get("system").asString()).isEqualTo("Be brief.");
	}

	@ParameterizedTest
	@CsvSource({ "400,invalid_request_error,,BadRequestException,400",
			"401,invalid_request_error,invalid_api_key,UnauthorizedException,401",
			"404,invalid_request_error,model_not_found,NotFoundException,404",
			"429,requests,rate_limit_exceeded,RateLimitException,429", "500,server_error,,InternalServerException,500",
			"503,server_error,,ServiceUnavailableException,503" })
	void openAiErrorsBecomeAnthropicExceptions(int status, String type, String code, String exception,
			int clientStatus) {
		openai.behave(Replies.json(status, ProviderScripts.openAiError(type, code, "upstream says no")));
		assertThatThrownBy(() -> client.messages().create(ask("via-openai").build()))
			.satisfies(ex -> assertThat(ex.getClass().getSimpleName()).isEqualTo(exception))
			.isInstanceOfSatisfying(AnthropicServiceException.class, ex -> {
				assertThat(ex.statusCode()).isEqualTo(clientStatus);
				assertThat(ex.getMessage()).contains("upstream says no");
			});
	}

	@Test
	void geminiErrorsBecomeAnthropicExceptions() {
		gemini.behave(Replies.json(400, ProviderScripts.geminiError(400, "INVALID_ARGUMENT",
				"API key not valid. Please pass a valid API key.", "API_KEY_INVALID")));
		assertThatThrownBy(() -> client.messages().create(ask("via-gemini").build()))
			.isInstanceOf(com.anthropic.errors.UnauthorizedException.class);
		gemini.behave(Replies.json(503, ProviderScripts.geminiError(503, "UNAVAILABLE", "busy", null)));
		assertThatThrownBy(() -> client.messages().create(ask("via-gemini").build()))
			.isInstanceOf(com.anthropic.errors.OverloadedException.class);
	}

	@Test
	void midStreamFailuresSurfaceAsStreamErrors() {
		List<String> start = ProviderScripts.openAiStream(false, "Hel", "lo").subList(0, 3);
		List<String> withError = new java.util.ArrayList<>(start);
		withError.add("data: {\"error\":{\"message\":\"boom\",\"type\":\"server_error\",\"param\":null,\"code\":null}}\n\n");
		for (MockProvider.Behaviour behaviour : List.of(Replies.sseFrames(withError),
				Replies.sseFramesThenCut(start))) {
			openai.behave(behaviour);
			assertTimeoutPreemptively(Duration.ofSeconds(15),
					() -> assertThatThrownBy(() -> stream(ask("via-openai").build())).isInstanceOf(AnthropicException.class));
		}
	}

	private Message stream(MessageCreateParams params) {
		MessageAccumulator accumulator = MessageAccumulator.create();
		try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(params)) {
			stream.stream().forEach(accumulator::accumulate);
		}
		return accumulator.message();
	}
}
