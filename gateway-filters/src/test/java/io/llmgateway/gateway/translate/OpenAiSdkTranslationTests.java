package io.llmgateway.gateway.translate;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.InternalServerException;
import com.openai.errors.NotFoundException;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.RateLimitException;
import com.openai.errors.UnauthorizedException;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessage;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
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

/** The official OpenAI Java SDK through the gateway to Anthropic and Gemini mock providers that validate requests. */
class OpenAiSdkTranslationTests extends TranslationGatewayTestBase {

	private OpenAIClient client;

	@BeforeEach
	void client() {
		client = OpenAIOkHttpClient.builder()
			.baseUrl(baseUrl() + "/v1")
			.apiKey("sk-client-key")
			.maxRetries(0)
			.timeout(Duration.ofSeconds(20))
			.build();
	}

	private static ChatCompletionCreateParams.Builder ask(String model) {
		return ChatCompletionCreateParams.builder()
			.model(model)
			.addSystemMessage("Be brief.")
			.addUserMessage("Weather in Oslo?");
	}

	private static FunctionDefinition weatherTool() {
		return FunctionDefinition.builder()
			.name("get_weather")
			.description("Current weather")
			.parameters(FunctionParameters.builder()
				.putAdditionalProperty("type", JsonValue.from("object"))
				.putAdditionalProperty("properties", JsonValue.from(java.util.Map.of("city", java.util.Map.of("type", "string"))))
				.build())
			.build();
	}

	@Test
	void plainToAnthropic() throws Exception {
		anthropic.behave(Replies.json(200, ProviderScripts.anthropicMessage("Cold and snowy.")));

		ChatCompletion completion = client.chat().completions().create(ask("via-anthropic").build());

		assertThat(completion.choices().get(0).message().content()).contains("Cold and snowy.");
		assertThat(completion.choices().get(0).finishReason().asString()).isEqualTo("stop");
		assertThat(completion.model()).isEqualTo("via-anthropic");
		var usage = completion.usage().orElseThrow();
		assertThat(usage.promptTokens()).isEqualTo(1921);
		assertThat(usage.completionTokens()).isEqualTo(5);
		assertThat(usage.totalTokens()).isEqualTo(1926);
		assertThat(usage.promptTokensDetails().orElseThrow().cachedTokens().orElseThrow()).isEqualTo(1800);
		MockProvider.Received received = anthropic.take();
		assertThat(received.headers().get("x-api-key")).isEqualTo("provider-secret-anthropic");
		assertThat(received.headers()).doesNotContainValue("Bearer sk-client-key");
		assertThat(received.json().get("model").asString()).isEqualTo("claude-test");
		assertThat(received.json().get("system").asString()).isEqualTo("Be brief.");
		assertThat(received.json().get("max_tokens").asInt()).isPositive();
	}

	@Test
	void streamingToAnthropicWithUsage() {
		anthropic.behave(Replies.sseFrames(ProviderScripts.anthropicStream(false, "Cold ", "and snowy.")));
		ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
		AtomicInteger chunks = new AtomicInteger();
		try (StreamResponse<ChatCompletionChunk> stream = client.chat()
			.completions()
			.createStreaming(ask("via-anthropic")
				.streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
				.build())) {
			stream.stream().forEach(c -> {
				chunks.incrementAndGet();
				accumulator.accumulate(c);
			});
		}
		ChatCompletion completion = accumulator.chatCompletion();
		assertThat(chunks.get()).isGreaterThan(2);
		assertThat(completion.choices().get(0).message().content()).contains("Cold and snowy.");
		assertThat(completion.choices().get(0).finishReason().asString()).isEqualTo("stop");
		assertThat(completion.usage().orElseThrow().promptTokens()).isEqualTo(1821);
		assertThat(completion.usage().orElseThrow().completionTokens()).isEqualTo(35);
	}

	@Test
	void twoTurnToolCallToAnthropic() throws Exception {
		anthropic.behave(Replies.json(200, ProviderScripts.anthropicToolUse()));
		ChatCompletionCreateParams first = ask("via-anthropic").addFunctionTool(weatherTool()).build();
		ChatCompletion turn1 = client.chat().completions().create(first);
		ChatCompletionMessage message = turn1.choices().get(0).message();
		assertThat(turn1.choices().get(0).finishReason().asString()).isEqualTo("tool_calls");
		assertThat(message.content()).isEmpty();
		ChatCompletionMessageFunctionToolCall call = message.toolCalls().orElseThrow().get(0).asFunction();
		assertThat(call.function().name()).isEqualTo("get_weather");
		assertThat(MockProvider.JSON.readTree(call.function().arguments()).get("city").asString()).isEqualTo("Oslo");
		JsonNode firstBody = anthropic.take().json();
		assertThat(firstBody.at("/tools/0/input_schema/type").asString()).isEqualTo("object");

		anthropic.behave(Replies.json(200, ProviderScripts.anthropicMessage("It is 4 degrees.")));
		ChatCompletion turn2 = client.chat().completions().create(ask("via-anthropic").addFunctionTool(weatherTool())
			.addMessage(message)
			.addMessage(ChatCompletionToolMessageParam.builder().toolCallId(call.id()).content("{\"temp_c\":4}").build())
			.build());
		assertThat(turn2.choices().get(0).message().content()).contains("It is 4 degrees.");
		JsonNode body = anthropic.take().json();
		assertThat(body.at("/messages/1/role").asString()).isEqualTo("assistant");
		assertThat(body.at("/messages/1/content/0/type").asString()).isEqualTo("tool_use");
		assertThat(body.at("/messages/1/content/0/input/city").asString()).isEqualTo("Oslo");
		assertThat(body.at("/messages/2/content/0/type").asString()).isEqualTo("tool_result");
		assertThat(body.at("/messages/2/content/0/tool_use_id").asString()).isEqualTo(call.id());
	}

	@Test
	void streamingToolCallFromAnthropic() {
		anthropic.behave(Replies.sseFrames(ProviderScripts.anthropicStream(true, "Checking.")));
		ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
		try (StreamResponse<ChatCompletionChunk> stream = client.chat()
			.completions()
			.createStreaming(ask("via-anthropic").addFunctionTool(weatherTool()).build())) {
			stream.stream().forEach(accumulator::accumulate);
		}
		ChatCompletion completion = accumulator.chatCompletion();
		assertThat(completion.choices().get(0).finishReason().asString()).isEqualTo("tool_calls");
		ChatCompletionMessageFunctionToolCall call = completion.choices().get(0).message().toolCalls().orElseThrow()
			.get(0).asFunction();
		assertThat(call.function().name()).isEqualTo("get_weather");
		assertThat(call.function().arguments()).isEqualTo("{\"city\": \"Oslo\"}");
	}

	@Test
	void plainToGemini() throws Exception {
		gemini.behave(Replies.json(200, ProviderScripts.geminiText("Cold and snowy.")));

		ChatCompletion completion = client.chat().completions().create(ask("via-gemini").build());

		assertThat(completion.choices().get(0).message().content()).contains("Cold and snowy.");
		var usage = completion.usage().orElseThrow();
		assertThat(usage.promptTokens()).isEqualTo(120);
		assertThat(usage.completionTokens()).isEqualTo(70);
		assertThat(usage.promptTokensDetails().orElseThrow().cachedTokens().orElseThrow()).isEqualTo(64);
		MockProvider.Received received = gemini.take();
		assertThat(received.path()).isEqualTo("/v1beta/models/gemini-test:generateContent");
		assertThat(received.headers().get("x-goog-api-key")).isEqualTo("provider-secret-gemini");
		assertThat(received.json().at("/systemInstruction/parts/0/text").asString()).isEqualTo("Be brief.");
	}

	@Test
	void streamingToGemini() throws Exception {
		gemini.behave(Replies.sseFrames(ProviderScripts.geminiStream(false, "Cold ", "and snowy.")));
		ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
		try (StreamResponse<ChatCompletionChunk> stream = client.chat()
			.completions()
			.createStreaming(ask("via-gemini")
				.streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
				.build())) {
			stream.stream().forEach(accumulator::accumulate);
		}
		ChatCompletion completion = accumulator.chatCompletion();
		assertThat(completion.choices().get(0).message().content()).contains("Cold and snowy.");
		assertThat(completion.usage().orElseThrow().promptTokens()).isEqualTo(12);
		assertThat(completion.usage().orElseThrow().completionTokens()).isEqualTo(8);
		assertThat(gemini.take().path()).isEqualTo("/v1beta/models/gemini-test:streamGenerateContent?alt=sse");
	}

	@Test
	void twoTurnToolCallToGeminiKeepsTheThoughtSignature() throws Exception {
		gemini.behave(Replies.json(200, ProviderScripts.geminiFunctionCall()));
		ChatCompletion turn1 = client.chat().completions().create(ask("via-gemini").addFunctionTool(weatherTool()).build());
		ChatCompletionMessage message = turn1.choices().get(0).message();
		assertThat(turn1.choices().get(0).finishReason().asString()).isEqualTo("tool_calls");
		ChatCompletionMessageFunctionToolCall call = message.toolCalls().orElseThrow().get(0).asFunction();
		assertThat(call.function().name()).isEqualTo("get_weather");
		gemini.take();

		gemini.behave(Replies.json(200, ProviderScripts.geminiText("It is 4 degrees.")));
		ChatCompletion turn2 = client.chat().completions().create(ask("via-gemini").addFunctionTool(weatherTool())
			.addMessage(message)
			.addMessage(ChatCompletionToolMessageParam.builder().toolCallId(call.id()).content("{\"temp_c\":4}").build())
			.build());
		assertThat(turn2.choices().get(0).message().content()).contains("It is 4 degrees.");
		JsonNode body = gemini.take().json();
		assertThat(body.at("/contents/1/role").asString()).isEqualTo("model");
		assertThat(body.at("/contents/1/parts/0/functionCall/name").asString()).isEqualTo("get_weather");
		assertThat(body.at("/contents/1/parts/0/thoughtSignature").asString()).isEqualTo("CrICAdHt");
		assertThat(body.at("/contents/2/role").asString()).isEqualTo("user");
		assertThat(body.at("/contents/2/parts/0/functionResponse/name").asString()).isEqualTo("get_weather");
		assertThat(body.at("/contents/2/parts/0/functionResponse/response/output/temp_c").asInt()).isEqualTo(4);
	}

	@ParameterizedTest
	@CsvSource({ "400,invalid_request_error,BadRequestException,400", "401,authentication_error,UnauthorizedException,401",
			"404,not_found_error,NotFoundException,404", "429,rate_limit_error,RateLimitException,429",
			"500,api_error,InternalServerException,502", "529,overloaded_error,InternalServerException,503" })
	void anthropicErrorsBecomeOpenAiExceptions(int status, String type, String exception, int clientStatus) {
		anthropic.behave(Replies.json(status, ProviderScripts.anthropicError(type, "upstream says no")));
		assertThatThrownBy(() -> client.chat().completions().create(ask("via-anthropic").build()))
			.satisfies(ex -> assertThat(ex.getClass().getSimpleName()).isEqualTo(exception))
			.isInstanceOfSatisfying(OpenAIServiceException.class, ex -> {
				assertThat(ex.statusCode()).isEqualTo(clientStatus);
				assertThat(ex.getMessage()).contains("upstream says no");
			});
	}

	@Test
	void geminiInvalidKeyBecomesUnauthorized() {
		gemini.behave(Replies.json(400, ProviderScripts.geminiError(400, "INVALID_ARGUMENT",
				"API key not valid. Please pass a valid API key.", "API_KEY_INVALID")));
		assertThatThrownBy(() -> client.chat().completions().create(ask("via-gemini").build()))
			.isInstanceOf(UnauthorizedException.class);
		gemini.behave(Replies.json(429, ProviderScripts.geminiError(429, "RESOURCE_EXHAUSTED", "quota", null)));
		assertThatThrownBy(() -> client.chat().completions().create(ask("via-gemini").build()))
			.isInstanceOf(RateLimitException.class);
		gemini.behave(Replies.json(404, ProviderScripts.geminiError(404, "NOT_FOUND", "no model", null)));
		assertThatThrownBy(() -> client.chat().completions().create(ask("via-gemini").build()))
			.isInstanceOf(NotFoundException.class);
		gemini.behave(Replies.json(503, ProviderScripts.geminiError(503, "UNAVAILABLE", "overloaded", null)));
		assertThatThrownBy(() -> client.chat().completions().create(ask("via-gemini").build()))
			.isInstanceOf(InternalServerException.class);
	}

	@Test
	void imageUrlForGeminiIsAClear400() {
		assertThatThrownBy(() -> client.chat().completions().create(ChatCompletionCreateParams.builder()
			.model("via-gemini")
			.addUserMessageOfArrayOfContentParts(List.of(com.openai.models.chat.completions.ChatCompletionContentPart
				.ofImageUrl(com.openai.models.chat.completions.ChatCompletionContentPartImage.builder()
					.imageUrl(com.openai.models.chat.completions.ChatCompletionContentPartImage.ImageUrl.builder()
						.url("https://example.org/cat.png")
						.build())
					.build())))
			.build())).isInstanceOfSatisfying(BadRequestException.class,
					ex -> assertThat(ex.getMessage()).contains("data: URL"));
	}

	@Test
	void midStreamFailuresSurfaceAsStreamErrors() {
		List<String> start = ProviderScripts.anthropicStream(false, "Hel").subList(0, 4);
		List<String> withError = new java.util.ArrayList<>(start);
		withError.add(ProviderScripts.frame("error", "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\","
				+ "\"message\":\"Overloaded\"}}"));
		for (MockProvider.Behaviour behaviour : List.of(Replies.sseFrames(withError),
				Replies.sseFramesThenCut(start))) {
			anthropic.behave(behaviour);
			assertTimeoutPreemptively(Duration.ofSeconds(15), () -> assertThatThrownBy(() -> {
				try (StreamResponse<ChatCompletionChunk> stream = client.chat()
					.completions()
					.createStreaming(ask("via-anthropic").build())) {
					stream.stream().forEach(c -> {
					});
				}
			}).isInstanceOf(com.openai.errors.OpenAIException.class));
		}
	}
}
