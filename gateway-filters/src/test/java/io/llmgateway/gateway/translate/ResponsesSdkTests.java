package io.llmgateway.gateway.translate;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.helpers.ResponseAccumulator;
import com.openai.models.responses.CustomTool;
import com.openai.models.responses.EasyInputMessage;
import com.openai.models.responses.FunctionTool;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseCustomToolCall;
import com.openai.models.responses.ResponseFunctionToolCall;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseOutputItem;
import com.openai.models.responses.ResponseStreamEvent;
import io.llmgateway.gateway.core.CompletionListener;
import io.llmgateway.gateway.core.LlmExchange;
import io.llmgateway.gateway.core.LlmExchangeInitializer;
import io.llmgateway.gateway.support.TestProperties;
import io.llmgateway.gateway.support.mock.MockProvider;
import io.llmgateway.gateway.support.mock.Replies;
import io.llmgateway.gateway.support.mock.StrictProviders;
import io.llmgateway.translate.Protocol;
import io.llmgateway.translate.model.Usage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The official OpenAI Java SDK's Responses API through the real gateway ({@code /v1/responses} with LlmModel,
 * LlmSpend and LlmTranslate) to validating mock providers: OpenAI natively (the request passes through to its
 * {@code /v1/responses}), Anthropic, Gemini and an OpenAI-compatible Chat Completions server by translation. Plain,
 * streamed, tool call and tool output round trips; store / previous_response_id refused on translated paths; usage
 * and cost recorded for spend.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		classes = ResponsesSdkTests.TestApp.class,
		properties = { "llm.database.enabled=false", "llm.keys.enabled=false",
				TestProperties.SECURITY_OFF,
				"spring.cloud.gateway.server.webflux.routes[0].id=responses",
				"spring.cloud.gateway.server.webflux.routes[0].uri=http://unused.invalid",
				"spring.cloud.gateway.server.webflux.routes[0].predicates[0]=Path=/v1/responses",
				"spring.cloud.gateway.server.webflux.routes[0].predicates[1]=Method=POST",
				"spring.cloud.gateway.server.webflux.routes[0].filters[0]=LlmModel",
				"spring.cloud.gateway.server.webflux.routes[0].filters[1]=LlmSpend",
				"spring.cloud.gateway.server.webflux.routes[0].filters[2]=LlmTranslate",
				"llm.cache.enabled=true",
				"spring.cloud.gateway.server.webflux.routes[1].id=responses-cached-limited",
				"spring.cloud.gateway.server.webflux.routes[1].uri=http://unused.invalid",
				"spring.cloud.gateway.server.webflux.routes[1].predicates[0]=Path=/cached/v1/responses",
				"spring.cloud.gateway.server.webflux.routes[1].predicates[1]=Method=POST",
				"spring.cloud.gateway.server.webflux.routes[1].filters[0]=LlmModel",
				"spring.cloud.gateway.server.webflux.routes[1].filters[1]=LlmCache=10m",
				"spring.cloud.gateway.server.webflux.routes[1].filters[2].name=LlmTokenRateLimit",
				"spring.cloud.gateway.server.webflux.routes[1].filters[2].args.limits[0].by=end-user",
				"spring.cloud.gateway.server.webflux.routes[1].filters[2].args.limits[0].rpm=2",
				"spring.cloud.gateway.server.webflux.routes[1].filters[3]=LlmTranslate" })
class ResponsesSdkTests {

	static final MockProvider openai = StrictProviders.openAiResponses();

	static final MockProvider anthropic = StrictProviders.anthropic();

	static final MockProvider gemini = StrictProviders.gemini();

	static final MockProvider compatible = StrictProviders.openAi();

	static final BlockingQueue<LlmExchange> completed = new LinkedBlockingQueue<>();

	@LocalServerPort
	int port;

	private OpenAIClient client;

	@DynamicPropertySource
	static void models(DynamicPropertyRegistry registry) {
		List<String[]> models = new ArrayList<>();
		models.add(new String[] { "via-openai", "openai", "gpt-test", openai.root() + "/v1" });
		models.add(new String[] { "via-anthropic", "anthropic", "claude-test", anthropic.root() });
		models.add(new String[] { "via-gemini", "gemini", "gemini-test", gemini.root() });
		models.add(new String[] { "via-compatible", "openai-compatible", "gpt-test", compatible.root() + "/v1" });
		for (int i = 0; i < models.size(); i++) {
			String[] m = models.get(i);
			String p = "llm.models[" + i + "].";
			registry.add(p + "name", () -> m[0]);
			registry.add(p + "provider", () -> m[1]);
			registry.add(p + "model", () -> m[2]);
			registry.add(p + "api-key", () -> "provider-secret-" + m[1]);
			registry.add(p + "api-base", () -> m[3]);
			registry.add(p + "pricing.input-per-million", () -> "1");
			registry.add(p + "pricing.output-per-million", () -> "10");
		}
	}

	@AfterAll
	static void stopMocks() {
		openai.close();
		anthropic.close();
		gemini.close();
		compatible.close();
	}

	@BeforeEach
	void setUp() {
		openai.clear();
		anthropic.clear();
		gemini.clear();
		compatible.clear();
		completed.clear();
		client = client("/v1");
	}

	private OpenAIClient client(String basePath) {
		return OpenAIOkHttpClient.builder()
			.baseUrl("http://127.0.0.1:" + port + basePath)
			.apiKey("sk-client-key")
			.maxRetries(0)
			.timeout(Duration.ofSeconds(20))
			.build();
	}

	private static ResponseCreateParams.Builder ask(String model) {
		return ResponseCreateParams.builder()
			.model(model)
			.instructions("Be brief.")
			.input("Weather in Oslo?")
			.store(false);
	}

	private static FunctionTool weatherTool() {
		return FunctionTool.builder()
			.name("get_weather")
			.description("Current weather")
			.strict(false)
			.parameters(FunctionTool.Parameters.builder()
				.putAdditionalProperty("type", JsonValue.from("object"))
				.putAdditionalProperty("properties", JsonValue.from(Map.of("city", Map.of("type", "string"))))
				.build())
			.build();
	}

	private static String text(Response response) {
		StringBuilder sb = new StringBuilder();
		for (ResponseOutputItem item : response.output()) {
			if (item.isMessage()) {
				item.asMessage().content().forEach(c -> sb.append(c.asOutputText().text()));
			}
		}
		return sb.toString();
	}

	private static Response streamed(OpenAIClient client, ResponseCreateParams params) {
		ResponseAccumulator accumulator = ResponseAccumulator.create();
		try (StreamResponse<ResponseStreamEvent> stream = client.responses().createStreaming(params)) {
			stream.stream().forEach(accumulator::accumulate);
		}
		return accumulator.response();
	}

	/** The data of every event of a raw streamed call, in order (to check types and sequence numbers). */
	private List<JsonNode> rawEvents(String body) throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder()
			.uri(URI.create("http://127.0.0.1:" + port + "/v1/responses"))
			.header("content-type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		List<JsonNode> events = new ArrayList<>();
		String event = null;
		for (String line : response.body().split("\n")) {
			if (line.startsWith("event: ")) {
				event = line.substring(7);
			}
			else if (line.startsWith("data: ")) {
				JsonNode data = MockProvider.JSON.readTree(line.substring(6));
				assertThat(data.get("type").asString()).isEqualTo(event);
				events.add(data);
			}
		}
		return events;
	}

	private static LlmExchange completion() throws InterruptedException {
		LlmExchange llm = completed.poll(10, TimeUnit.SECONDS);
		assertThat(llm).as("a completed exchange").isNotNull();
		return llm;
	}

	@Test
	void plainToOpenAiPassesTheRequestThroughAndRecordsUsage() throws Exception {
		openai.behave(Replies.json(200, ResponsesScripts.completed(ResponsesScripts.message("Cold."))));

		Response response = client.responses().create(ask("via-openai")
			.reasoning(com.openai.models.Reasoning.builder().effort(com.openai.models.ReasoningEffort.LOW).build())
			.putAdditionalBodyProperty("include", JsonValue.from(List.of("reasoning.encrypted_content")))
			.build());

		assertThat(text(response)).isEqualTo("Cold.");
		// passed through untouched: OpenAI's own id and model name reach the client
		assertThat(response.id()).isEqualTo("resp_up1");
		MockProvider.Received received = openai.take();
		assertThat(received.path()).isEqualTo("/v1/responses");
		assertThat(received.headers().get("authorization")).isEqualTo("Bearer provider-secret-openai");
		assertThat(received.json().get("model").asString()).isEqualTo("gpt-test");
		assertThat(received.json().get("instructions").asString()).isEqualTo("Be brief.");
		assertThat(received.json().get("store").asBoolean()).isFalse();
		assertThat(received.json().at("/reasoning/effort").asString()).isEqualTo("low");
		assertThat(received.json().at("/include/0").asString()).isEqualTo("reasoning.encrypted_content");

		LlmExchange llm = completion();
		assertThat(llm.clientProtocol()).isEqualTo(Protocol.OPENAI_RESPONSES);
		assertThat(llm.usage()).isEqualTo(new Usage(600, 50, 400, 0, 20));
		assertThat(llm.cost()).isPositive();
	}

	@Test
	void streamedFromOpenAiArrivesAsSentWithUsageRecorded() throws Exception {
		openai.behave(Replies.sseFrames(ResponsesScripts.stream("Cold ", "and snowy.")));

		Response response = streamed(client, ask("via-openai").build());

		assertThat(text(response)).isEqualTo("Cold and snowy.");
		assertThat(response.id()).isEqualTo("resp_up1");
		assertThat(openai.take().json().get("stream").asBoolean()).isTrue();
		LlmExchange llm = completion();
		assertThat(llm.usage().outputTokens()).isEqualTo(50);
		assertThat(llm.usage().cacheReadTokens()).isEqualTo(400);
		assertThat(llm.cost()).isPositive();
	}

	@Test
	void storeAndPreviousResponseIdPassThroughToOpenAi() throws Exception {
		openai.behave(Replies.json(200, ResponsesScripts.completed(ResponsesScripts.message("Again."))));

		client.responses().create(ResponseCreateParams.builder().model("via-openai").input("And then?").store(true)
			.previousResponseId("resp_prev").build());

		JsonNode body = openai.take().json();
		assertThat(body.get("store").asBoolean()).isTrue();
		assertThat(body.get("previous_response_id").asString()).isEqualTo("resp_prev");
	}

	@Test
	void toolCallAndOutputRoundTripWithOpenAi() throws Exception {
		openai.behave(Replies.json(200, ResponsesScripts.completed(ResponsesScripts.functionCall())));
		Response turn1 = client.responses().create(ask("via-openai").addTool(weatherTool()).build());
		ResponseFunctionToolCall call = turn1.output().get(0).asFunctionCall();
		assertThat(call.name()).isEqualTo("get_weather");
		openai.take();

		openai.behave(Replies.json(200, ResponsesScripts.completed(ResponsesScripts.message("4 degrees."))));
		Response turn2 = client.responses().create(nextTurn("via-openai", call));

		assertThat(text(turn2)).isEqualTo("4 degrees.");
		JsonNode input = openai.take().json().get("input");
		assertThat(input.at("/1/type").asString()).isEqualTo("function_call");
		assertThat(input.at("/2/type").asString()).isEqualTo("function_call_output");
		assertThat(input.at("/2/call_id").asString()).isEqualTo(call.callId());
	}

	private static ResponseCreateParams nextTurn(String model, ResponseFunctionToolCall call) {
		return ResponseCreateParams.builder()
			.model(model)
			.instructions("Be brief.")
			.store(false)
			.addTool(weatherTool())
			.inputOfResponse(List.of(
					ResponseInputItem.ofEasyInputMessage(EasyInputMessage.builder()
						.role(EasyInputMessage.Role.USER)
						.content("Weather in Oslo?")
						.build()),
					ResponseInputItem.ofFunctionCall(call),
					ResponseInputItem.ofFunctionCallOutput(ResponseInputItem.FunctionCallOutput.builder()
						.callId(call.callId())
						.output("{\"temp_c\":4}")
						.build())))
			.build();
	}

	@Test
	void plainToAnthropicIsTranslatedBothWays() throws Exception {
		anthropic.behave(Replies.json(200, ProviderScripts.anthropicMessage("Cold and snowy.")));

		Response response = client.responses().create(ask("via-anthropic").maxOutputTokens(300L).build());

		assertThat(text(response)).isEqualTo("Cold and snowy.");
		assertThat(response.model().asString()).isEqualTo("via-anthropic");
		assertThat(response.status()).hasValueSatisfying(s -> assertThat(s.asString()).isEqualTo("completed"));
		var usage = response.usage().orElseThrow();
		assertThat(usage.inputTokens()).isEqualTo(1921);
		assertThat(usage.inputTokensDetails().cachedTokens()).isEqualTo(1800);
		assertThat(usage.outputTokens()).isEqualTo(5);
		JsonNode body = anthropic.take().json();
		assertThat(body.get("model").asString()).isEqualTo("claude-test");
		assertThat(body.get("system").asString()).isEqualTo("Be brief.");
		assertThat(body.get("max_tokens").asInt()).isEqualTo(300);
		assertThat(body.has("store")).isFalse();
		LlmExchange llm = completion();
		assertThat(llm.usage().outputTokens()).isEqualTo(5);
		assertThat(llm.cost()).isPositive();
	}

	@Test
	void streamedFromAnthropicAsTheResponsesEventSequence() throws Exception {
		anthropic.behave(Replies.sseFrames(ProviderScripts.anthropicStream(false, "Cold ", "and snowy.")));

		Response response = streamed(client, ask("via-anthropic").build());

		assertThat(text(response)).isEqualTo("Cold and snowy.");
		assertThat(response.usage().orElseThrow().outputTokens()).isEqualTo(35);
		assertThat(completion().usage().outputTokens()).isEqualTo(35);

		anthropic.behave(Replies.sseFrames(ProviderScripts.anthropicStream(false, "Cold ", "and snowy.")));
		List<JsonNode> events = rawEvents("{\"model\":\"via-anthropic\",\"input\":\"Weather?\",\"stream\":true}");
		List<String> types = events.stream().map(e -> e.get("type").asString()).toList();
		assertThat(types).containsExactly("response.created", "response.in_progress", "response.output_item.added",
				"response.content_part.added", "response.output_text.delta", "response.output_text.delta",
				"response.output_text.done", "response.content_part.done", "response.output_item.done",
				"response.completed");
		for (int i = 0; i < events.size(); i++) {
			assertThat(events.get(i).get("sequence_number").asInt()).isEqualTo(i);
		}
		assertThat(events.get(9).at("/response/usage/output_tokens").asInt()).isEqualTo(35);
	}

	@Test
	void toolCallAndOutputRoundTripWithAnthropic() throws Exception {
		anthropic.behave(Replies.json(200, ProviderScripts.anthropicToolUse()));
		Response turn1 = client.responses().create(ask("via-anthropic").addTool(weatherTool()).build());
		ResponseFunctionToolCall call = turn1.output().get(0).asFunctionCall();
		assertThat(call.name()).isEqualTo("get_weather");
		assertThat(MockProvider.JSON.readTree(call.arguments()).get("city").asString()).isEqualTo("Oslo");
		assertThat(anthropic.take().json().at("/tools/0/input_schema/type").asString()).isEqualTo("object");

		anthropic.behave(Replies.json(200, ProviderScripts.anthropicMessage("It is 4 degrees.")));
		Response turn2 = client.responses().create(nextTurn("via-anthropic", call));

		assertThat(text(turn2)).isEqualTo("It is 4 degrees.");
		JsonNode body = anthropic.take().json();
		assertThat(body.at("/messages/1/content/0/type").asString()).isEqualTo("tool_use");
		assertThat(body.at("/messages/1/content/0/input/city").asString()).isEqualTo("Oslo");
		assertThat(body.at("/messages/2/content/0/type").asString()).isEqualTo("tool_result");
		assertThat(body.at("/messages/2/content/0/tool_use_id").asString()).isEqualTo(call.callId());
	}

	@Test
	void streamedToolCallFromAnthropic() throws Exception {
		anthropic.behave(Replies.sseFrames(ProviderScripts.anthropicStream(true, "Checking.")));

		Response response = streamed(client, ask("via-anthropic").addTool(weatherTool()).build());

		ResponseFunctionToolCall call = response.output().get(1).asFunctionCall();
		assertThat(call.name()).isEqualTo("get_weather");
		assertThat(MockProvider.JSON.readTree(call.arguments()).get("city").asString()).isEqualTo("Oslo");
	}

	@Test
	void customToolCallFromAnthropicComesBackAsCustomToolCall() throws Exception {
		anthropic.behave(Replies.json(200, "{\"id\":\"msg_c\",\"type\":\"message\",\"role\":\"assistant\","
				+ "\"model\":\"claude-test\",\"content\":[{\"type\":\"tool_use\",\"id\":\"toolu_P\",\"name\":\"apply_patch\","
				+ "\"input\":{\"input\":\"*** Begin Patch\\n*** End Patch\"}}],\"stop_reason\":\"tool_use\","
				+ "\"stop_sequence\":null,\"usage\":{\"input_tokens\":30,\"output_tokens\":12}}"));
		CustomTool patch = CustomTool.builder().name("apply_patch").description("Edit files").build();

		Response turn1 = client.responses().create(ask("via-anthropic").addTool(patch).build());

		ResponseCustomToolCall call = turn1.output().get(0).asCustomToolCall();
		assertThat(call.name()).isEqualTo("apply_patch");
		assertThat(call.input()).isEqualTo("*** Begin Patch\n*** End Patch");
		JsonNode tool = anthropic.take().json().at("/tools/0");
		assertThat(tool.at("/input_schema/properties/input/type").asString()).isEqualTo("string");

		anthropic.behave(Replies.json(200, ProviderScripts.anthropicMessage("Patched.")));
		client.responses().create(ResponseCreateParams.builder().model("via-anthropic").addTool(patch)
			.inputOfResponse(List.of(ResponseInputItem.ofEasyInputMessage(EasyInputMessage.builder()
				.role(EasyInputMessage.Role.USER).content("Fix it").build()), ResponseInputItem.ofCustomToolCall(call),
					ResponseInputItem.ofCustomToolCallOutput(com.openai.models.responses.ResponseCustomToolCallOutput
						.builder().callId(call.callId()).output("Done").build())))
			.build());
		JsonNode body = anthropic.take().json();
		assertThat(body.at("/messages/1/content/0/input/input").asString()).isEqualTo(call.input());
		assertThat(body.at("/messages/2/content/0/tool_use_id").asString()).isEqualTo(call.callId());
	}

	@Test
	void plainAndStreamedToGemini() throws Exception {
		gemini.behave(Replies.json(200, ProviderScripts.geminiText("Cold.")));
		Response plain = client.responses().create(ask("via-gemini").build());
		assertThat(text(plain)).isEqualTo("Cold.");
		assertThat(plain.usage().orElseThrow().outputTokensDetails().reasoningTokens()).isEqualTo(52);
		assertThat(gemini.take().json().at("/systemInstruction/parts/0/text").asString()).isEqualTo("Be brief.");

		gemini.behave(Replies.sseFrames(ProviderScripts.geminiStream(false, "Cold ", "and snowy.")));
		Response streamed = streamed(client, ask("via-gemini").build());
		assertThat(text(streamed)).isEqualTo("Cold and snowy.");
		assertThat(streamed.usage().orElseThrow().totalTokens()).isEqualTo(20);
	}

	@Test
	void toolCallAndOutputRoundTripWithGemini() throws Exception {
		gemini.behave(Replies.json(200, ProviderScripts.geminiFunctionCall()));
		Response turn1 = client.responses().create(ask("via-gemini").addTool(weatherTool()).build());
		ResponseFunctionToolCall call = turn1.output().get(0).asFunctionCall();
		assertThat(call.name()).isEqualTo("get_weather");
		gemini.take();

		gemini.behave(Replies.json(200, ProviderScripts.geminiText("4 degrees.")));
		Response turn2 = client.responses().create(nextTurn("via-gemini", call));

		assertThat(text(turn2)).isEqualTo("4 degrees.");
		JsonNode contents = gemini.take().json().get("contents");
		assertThat(contents.at("/1/parts/0/functionCall/name").asString()).isEqualTo("get_weather");
		assertThat(contents.at("/2/parts/0/functionResponse/name").asString()).isEqualTo("get_weather");
	}

	@Test
	void streamedToOpenAiCompatibleChatServer() throws Exception {
		compatible.behave(Replies.sseFrames(ProviderScripts.openAiStream(true, "Checking.")));

		Response response = streamed(client, ask("via-compatible").addTool(weatherTool()).build());

		assertThat(text(response)).isEqualTo("Checking.");
		assertThat(response.output().get(1).asFunctionCall().name()).isEqualTo("get_weather");
		JsonNode body = compatible.take().json();
		assertThat(body.at("/messages/0/role").asString()).isEqualTo("system");
		assertThat(body.at("/tools/0/function/name").asString()).isEqualTo("get_weather");
		assertThat(completion().usage().cacheReadTokens()).isEqualTo(1800);
	}

	@Test
	void storeTrueIsRefusedOnATranslatedPathWithAReason() throws Exception {
		assertThatThrownBy(() -> client.responses().create(ask("via-anthropic").store(true).build()))
			.isInstanceOfSatisfying(BadRequestException.class, ex -> {
				assertThat(ex.statusCode()).isEqualTo(400);
				assertThat(ex.getMessage()).contains("store").contains("anthropic").contains("llm.drop-params");
				assertThat(ex.param()).hasValue("store");
			});
		assertThat(completion().status()).isEqualTo(400);
		assertThat(anthropic.pollBriefly()).isNull();
	}

	@Test
	void previousResponseIdIsRefusedOnATranslatedPath() throws Exception {
		assertThatThrownBy(() -> client.responses().create(ask("via-gemini").previousResponseId("resp_1").build()))
			.isInstanceOfSatisfying(BadRequestException.class, ex -> {
				assertThat(ex.getMessage()).contains("previous_response_id").contains("whole conversation");
				assertThat(ex.param()).hasValue("previous_response_id");
			});
		assertThat(gemini.pollBriefly()).isNull();
	}

	@Test
	void cacheHitsAreAnsweredAsResponsesPlainAndStreamed() throws Exception {
		OpenAIClient cached = client("/cached/v1");
		anthropic.behave(Replies.json(200, ProviderScripts.anthropicToolUse()));
		ResponseCreateParams params = ask("via-anthropic").input("Cache me").addTool(weatherTool()).build();

		Response miss = cached.responses().create(params);
		Response hit = cached.responses().create(params);

		assertThat(anthropic.take()).isNotNull();
		assertThat(anthropic.pollBriefly()).as("the second call is answered from the cache").isNull();
		assertThat(hit.output().get(0).asFunctionCall().callId()).isEqualTo(miss.output().get(0).asFunctionCall().callId());
		assertThat(hit.usage().orElseThrow().inputTokens()).isEqualTo(30);

		Response replayed = streamed(cached, params);
		assertThat(replayed.output().get(0).asFunctionCall().name()).isEqualTo("get_weather");
		assertThat(anthropic.pollBriefly()).isNull();
	}

	@Test
	void tokenRateLimitRefusalsUseTheOpenAiFormat() throws Exception {
		OpenAIClient limited = client("/cached/v1");
		anthropic.behave(Replies.json(200, ProviderScripts.anthropicMessage("ok")));
		for (int i = 0; i < 2; i++) {
			limited.responses().create(ask("via-anthropic").input("limit " + i).user("limited-user").build());
		}
		assertThatThrownBy(() -> limited.responses().create(ask("via-anthropic").input("limit 3").user("limited-user")
			.build())).isInstanceOfSatisfying(com.openai.errors.RateLimitException.class,
					ex -> assertThat(ex.getMessage()).containsIgnoringCase("rate limit"));
	}

	@Test
	void hintsATranslatedProviderDoesNotGetAreListedInTheDroppedParamsHeader() throws Exception {
		anthropic.behave(Replies.json(200, ProviderScripts.anthropicMessage("ok")));
		HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder()
			.uri(URI.create("http://127.0.0.1:" + port + "/v1/responses"))
			.header("content-type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"via-anthropic\",\"input\":\"hi\",\"store\":false,"
					+ "\"include\":[\"reasoning.encrypted_content\"],\"prompt_cache_key\":\"s1\","
					+ "\"tools\":[{\"type\":\"web_search\"}]}"))
			.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("x-llm-dropped-params").orElse(""))
			.contains("include", "prompt_cache_key", "tools.web_search");
		JsonNode body = anthropic.take().json();
		assertThat(body.has("tools")).isFalse();
		assertThat(body.has("include")).isFalse();
	}

	@Test
	void providerErrorsAreAnsweredInTheOpenAiFormat() {
		anthropic.behave(Replies.json(400,
				ProviderScripts.anthropicError("invalid_request_error", "prompt is too long")));
		assertThatThrownBy(() -> client.responses().create(ask("via-anthropic").build()))
			.isInstanceOfSatisfying(BadRequestException.class,
					ex -> assertThat(ex.getMessage()).contains("prompt is too long"));
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class TestApp {

		@Bean
		LlmExchangeInitializer responsesTestRecorder() {
			return (llm, exchange) -> llm.onComplete(new CompletionListener() {
				@Override
				public void onComplete(LlmExchange exchange) {
					completed.add(exchange);
				}

				@Override
				public int order() {
					return OBSERVE_ORDER + 1;
				}
			});
		}
	}
}
