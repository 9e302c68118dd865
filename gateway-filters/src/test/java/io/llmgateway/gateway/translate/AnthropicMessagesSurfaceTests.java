package io.llmgateway.gateway.translate;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.http.HttpResponseFor;
import com.anthropic.errors.BadRequestException;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCountTokensParams;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.Metadata;
import com.anthropic.models.messages.OutputConfig;
import com.anthropic.models.messages.ThinkingConfigAdaptive;
import com.anthropic.models.messages.Tool;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import io.llmgateway.gateway.support.mock.MockProvider;
import io.llmgateway.gateway.support.mock.Replies;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The current Anthropic Messages surface (what Claude Code sends) through the real gateway with the official
 * anthropic-java SDK: a system message inside the conversation to every provider family, effort and adaptive
 * thinking, {@code metadata.user_id}, tool hints, the {@code x-llm-dropped-params} header, {@code ?beta=true} and
 * {@code anthropic-beta}, and {@code POST /v1/messages/count_tokens} forwarded or counted locally.
 */
class AnthropicMessagesSurfaceTests extends TranslationGatewayTestBase {

	private static final String BETAS = "context-management-2025-06-27,effort-2025-11-24";

	private static final String USER_ID = "{\"device_id\":\"dev-1\",\"account_uuid\":\"acc-9\",\"session_id\":\"s-1\"}";

	private AnthropicClient client;

	@BeforeEach
	void client() {
		// as Claude Code: ?beta=true and a list of betas on every call
		client = sdk(baseUrl()).withOptions(o -> o.putQueryParam("beta", "true").putHeader("anthropic-beta", BETAS));
	}

	private static AnthropicClient sdk(String baseUrl) {
		return AnthropicOkHttpClient.builder()
			.baseUrl(baseUrl)
			.apiKey("sk-ant-client-key")
			.maxRetries(0)
			.timeout(Duration.ofSeconds(20))
			.build();
	}

	/** Claude Code's shape: system prompt, user turn, a system message after it, effort, adaptive thinking. */
	private static MessageCreateParams.Builder claudeCode(String model) {
		return MessageCreateParams.builder()
			.model(model)
			.maxTokens(1024)
			.system("You are a coding agent.")
			.addUserMessage("say hi")
			.addSystemMessage("The user is in plan mode.")
			.thinking(ThinkingConfigAdaptive.builder().display(ThinkingConfigAdaptive.Display.OMITTED).build())
			.outputConfig(OutputConfig.builder().effort(OutputConfig.Effort.HIGH).build())
			.metadata(Metadata.builder().userId(USER_ID).build())
			.putAdditionalBodyProperty("context_management",
					JsonValue.from(Map.of("edits", List.of(Map.of("type", "clear_thinking_20251015", "keep", "all")))))
			.addTool(Tool.builder()
				.name("Bash")
				.description("Runs a command")
				.inputSchema(Tool.InputSchema.builder()
					.properties(JsonValue.from(Map.of("command", Map.of("type", "string"))))
					.build())
				.strict(true)
				.deferLoading(false)
				.eagerInputStreaming(true)
				.addAllowedCaller(Tool.AllowedCaller.DIRECT)
				.build());
	}

	private static List<String> dropped(HttpResponseFor<?> response) {
		List<String> values = response.headers().values("x-llm-dropped-params");
		assertThat(values).hasSize(1);
		return List.of(values.get(0).split(","));
	}

	@Test
	void systemMessageInsideTheConversationPassesThroughToAnthropicWithBetas() throws Exception {
		anthropic.behave(Replies.json(200, ProviderScripts.anthropicMessage("Hi.")));

		HttpResponseFor<Message> response = client.messages().withRawResponse().create(claudeCode("via-anthropic").build());

		assertThat(response.parse().content().get(0).text().orElseThrow().text()).isEqualTo("Hi.");
		assertThat(response.headers().values("x-llm-dropped-params")).isEmpty();
		MockProvider.Received received = anthropic.take();
		assertThat(received.headers().get("anthropic-beta")).isEqualTo(BETAS);
		JsonNode body = received.json();
		assertThat(body.get("model").asString()).isEqualTo("claude-test");
		assertThat(body.at("/messages/1/role").asString()).isEqualTo("system");
		assertThat(body.at("/messages/1/content").asString()).isEqualTo("The user is in plan mode.");
		assertThat(body.at("/thinking/display").asString()).isEqualTo("omitted");
		assertThat(body.at("/output_config/effort").asString()).isEqualTo("high");
		assertThat(body.at("/metadata/user_id").asString()).isEqualTo(USER_ID);
		assertThat(body.at("/context_management/edits/0/type").asString()).isEqualTo("clear_thinking_20251015");
		assertThat(body.at("/tools/0/eager_input_streaming").asBoolean()).isTrue();
		assertThat(body.at("/tools/0/allowed_callers/0").asString()).isEqualTo("direct");
	}

	@Test
	void systemMessageKeepsItsPlaceForOpenAiAndHintsAreListedAsDropped() throws Exception {
		openai.behave(Replies.json(200, ProviderScripts.openAiCompletion("Hi.")));

		HttpResponseFor<Message> response = client.messages().withRawResponse().create(claudeCode("via-openai").build());

		assertThat(response.parse().content().get(0).text().orElseThrow().text()).isEqualTo("Hi.");
		assertThat(dropped(response)).containsExactlyInAnyOrder("context_management", "defer_loading",
				"eager_input_streaming", "allowed_callers", "thinking.display", "output_config.effort");
		JsonNode body = openai.take().json();
		assertThat(body.at("/messages/0/role").asString()).isEqualTo("system");
		assertThat(body.at("/messages/0/content").asString()).isEqualTo("You are a coding agent.");
		assertThat(body.at("/messages/1/role").asString()).isEqualTo("user");
		assertThat(body.at("/messages/2/role").asString()).isEqualTo("system");
		assertThat(body.at("/messages/2/content").asString()).isEqualTo("The user is in plan mode.");
		assertThat(body.at("/tools/0/function/strict").asBoolean()).isTrue();
		// gpt-test is no reasoning model: no reasoning_effort, which OpenAI would refuse
		assertThat(body.has("reasoning_effort")).isFalse();
		assertThat(body.get("user").asString()).isEqualTo("acc-9");
	}

	@Test
	void effortReachesAnOpenAiReasoningModelWithTheEndUser() throws Exception {
		openai.behave(Replies.json(200, ProviderScripts.openAiCompletion("Hi.")));

		HttpResponseFor<Message> response = client.messages()
			.withRawResponse()
			.create(claudeCode("via-openai-reasoning").build());

		assertThat(response.parse().content()).isNotEmpty();
		assertThat(dropped(response)).containsExactlyInAnyOrder("context_management", "defer_loading",
				"eager_input_streaming", "allowed_callers", "thinking.display");
		JsonNode body = openai.take().json();
		assertThat(body.get("model").asString()).isEqualTo("gpt-5.1");
		assertThat(body.get("reasoning_effort").asString()).isEqualTo("high");
		assertThat(body.get("user").asString()).isEqualTo("acc-9");
		assertThat(body.get("safety_identifier").asString()).isEqualTo("acc-9");
	}

	@Test
	void systemMessageBecomesANoteInPlaceForGeminiWithThinkingConfig() throws Exception {
		gemini.behave(Replies.json(200, ProviderScripts.geminiText("Hi.")));

		HttpResponseFor<Message> response = client.messages().withRawResponse().create(claudeCode("via-gemini").build());

		assertThat(response.parse().content().get(0).text().orElseThrow().text()).isEqualTo("Hi.");
		assertThat(dropped(response)).containsExactlyInAnyOrder("context_management", "defer_loading",
				"eager_input_streaming", "allowed_callers");
		JsonNode body = gemini.take().json();
		assertThat(body.at("/systemInstruction/parts/0/text").asString()).isEqualTo("You are a coding agent.");
		assertThat(body.at("/contents/0/parts/0/text").asString()).isEqualTo("say hi");
		assertThat(body.at("/contents/0/parts/1/text").asString())
			.isEqualTo("<system>\nThe user is in plan mode.\n</system>");
		assertThat(body.at("/generationConfig/thinkingConfig/thinkingBudget").asInt()).isEqualTo(24576);
		assertThat(body.at("/generationConfig/thinkingConfig/includeThoughts").asBoolean()).isFalse();
	}

	@Test
	void vertexClaudeGetsTheClientBodyWithBetasAsHeader() throws Exception {
		cloud.behave(Replies.json(200, ProviderScripts.anthropicMessage("Hi.")));

		Message message = client.messages().create(claudeCode("via-vertex-claude").build());

		assertThat(message.content().get(0).text().orElseThrow().text()).isEqualTo("Hi.");
		MockProvider.Received received = cloud.take();
		assertThat(received.path()).isEqualTo(
				"/v1/projects/test-project/locations/us-central1/publishers/anthropic/models/claude-test@20260101:rawPredict");
		assertThat(received.headers().get("anthropic-beta")).isEqualTo(BETAS);
		JsonNode body = received.json();
		assertThat(body.has("model")).isFalse();
		assertThat(body.get("anthropic_version").asString()).isEqualTo("vertex-2023-10-16");
		assertThat(body.at("/messages/1/role").asString()).isEqualTo("system");
		assertThat(body.at("/output_config/effort").asString()).isEqualTo("high");
		assertThat(body.at("/context_management/edits/0/keep").asString()).isEqualTo("all");
	}

	@Test
	void bedrockClaudeGetsTheClientBodyThroughInvokeModelWithBetasInTheBody() throws Exception {
		cloud.behave(Replies.json(200, ProviderScripts.anthropicMessage("Hi.")));

		Message message = client.messages().create(claudeCode("via-bedrock").build());

		assertThat(message.content().get(0).text().orElseThrow().text()).isEqualTo("Hi.");
		MockProvider.Received received = cloud.take();
		assertThat(received.path()).isEqualTo("/model/anthropic.claude-test-v1%3A0/invoke");
		JsonNode body = received.json();
		assertThat(body.has("model")).isFalse();
		assertThat(body.get("anthropic_version").asString()).isEqualTo("bedrock-2023-05-31");
		assertThat(body.get("anthropic_beta")).hasSize(2);
		assertThat(body.at("/anthropic_beta/0").asString()).isEqualTo("context-management-2025-06-27");
		assertThat(body.at("/anthropic_beta/1").asString()).isEqualTo("effort-2025-11-24");
		assertThat(body.at("/messages/1/role").asString()).isEqualTo("system");
		assertThat(body.at("/thinking/type").asString()).isEqualTo("adaptive");
		assertThat(body.at("/output_config/effort").asString()).isEqualTo("high");
		assertThat(body.at("/tools/0/eager_input_streaming").asBoolean()).isTrue();
	}

	@Test
	void semanticParameterAnOpenAiProviderCannotHonourIsStillRefused() {
		MessageCreateParams params = MessageCreateParams.builder()
			.model("via-openai")
			.maxTokens(64)
			.addUserMessage("hi")
			.putAdditionalBodyProperty("mcp_servers",
					JsonValue.from(List.of(Map.of("type", "url", "url", "https://mcp.example.org", "name", "docs"))))
			.build();

		assertThatThrownBy(() -> client.messages().create(params)).isInstanceOfSatisfying(BadRequestException.class,
				ex -> assertThat(ex.getMessage()).contains("mcp_servers"));
	}

	@Test
	void countTokensIsForwardedToAnthropicsCountEndpoint() throws Exception {
		anthropic.behave(Replies.json(200, "{\"input_tokens\":42}"));

		long tokens = client.messages()
			.countTokens(MessageCountTokensParams.builder()
				.model("via-anthropic")
				.system("Be brief.")
				.addUserMessage("How many tokens is this?")
				.build())
			.inputTokens();

		assertThat(tokens).isEqualTo(42);
		MockProvider.Received received = anthropic.take();
		assertThat(received.path()).isEqualTo("/v1/messages/count_tokens");
		assertThat(received.headers().get("anthropic-beta")).isEqualTo(BETAS);
		assertThat(received.headers().get("x-api-key")).isEqualTo("provider-secret-anthropic");
		assertThat(received.json().get("model").asString()).isEqualTo("claude-test");
		assertThat(received.json().at("/messages/0/content").asString()).isEqualTo("How many tokens is this?");
	}

	@Test
	void countTokensForAnOpenAiModelIsCountedLocallyWithItsTokenizer() {
		String system = "Be brief.";
		String user = "How many tokens is this sentence, counted with the o200k tokenizer?";

		long tokens = client.messages()
			.countTokens(MessageCountTokensParams.builder()
				.model("via-openai-reasoning")
				.system(system)
				.addUserMessage(user)
				.build())
			.inputTokens();

		Encoding o200k = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
		// OpenAI's chat recipe: 3 per message (system and user) + 3 priming the reply
		long expected = 3 + (3 + o200k.countTokens(system)) + (3 + o200k.countTokens(user));
		assertThat(tokens).isEqualTo(expected);
		openai.clear();
	}

	@Test
	void countTokensUsesVertexAndGeminiCountApis() throws Exception {
		cloud.behave(Replies.json(200, "{\"input_tokens\":7}"));
		long claude = client.messages()
			.countTokens(MessageCountTokensParams.builder().model("via-vertex-claude").addUserMessage("hi").build())
			.inputTokens();
		assertThat(claude).isEqualTo(7);
		MockProvider.Received vertex = cloud.take();
		assertThat(vertex.path()).isEqualTo(
				"/v1/projects/test-project/locations/us-central1/publishers/anthropic/models/count-tokens:rawPredict");
		assertThat(vertex.json().get("model").asString()).isEqualTo("claude-test@20260101");
		assertThat(vertex.json().has("max_tokens")).isFalse();

		gemini.behave(Replies.json(200, "{\"totalTokens\":11}"));
		long geminiTokens = client.messages()
			.countTokens(MessageCountTokensParams.builder().model("via-gemini").system("Be brief.").addUserMessage("hi")
				.build())
			.inputTokens();
		assertThat(geminiTokens).isEqualTo(11);
		MockProvider.Received g = gemini.take();
		assertThat(g.path()).isEqualTo("/v1beta/models/gemini-test:countTokens");
		assertThat(g.json().at("/generateContentRequest/model").asString()).isEqualTo("models/gemini-test");
		assertThat(g.json().at("/generateContentRequest/systemInstruction/parts/0/text").asString())
			.isEqualTo("Be brief.");
	}

	@Test
	void countTokensUsesBedrocksCountTokensWithTheConverseForm() throws Exception {
		cloud.behave(Replies.json(200, "{\"inputTokens\":9}"));
		long tokens = client.messages()
			.countTokens(MessageCountTokensParams.builder().model("via-bedrock").system("Be brief.").addUserMessage("hi")
				.build())
			.inputTokens();
		assertThat(tokens).isEqualTo(9);
		MockProvider.Received received = cloud.take();
		assertThat(received.path()).isEqualTo("/model/anthropic.claude-test-v1%3A0/count-tokens");
		assertThat(received.json().at("/input/converse/system/0/text").asString()).isEqualTo("Be brief.");
		assertThat(received.json().at("/input/converse/messages/0/content/0/text").asString()).isEqualTo("hi");
	}

	@Test
	void countTokensErrorsAreAnthropicErrors() {
		assertThatThrownBy(() -> client.messages()
			.countTokens(MessageCountTokensParams.builder().model("no-such-alias").addUserMessage("hi").build()))
			.satisfies(ex -> assertThat(ex.getClass().getSimpleName()).isEqualTo("NotFoundException"))
			.hasMessageContaining("no-such-alias");

		anthropic.behave(Replies.json(400,
				ProviderScripts.anthropicError("invalid_request_error", "messages: too long")));
		assertThatThrownBy(() -> client.messages()
			.countTokens(MessageCountTokensParams.builder().model("via-anthropic").addUserMessage("hi").build()))
			.isInstanceOfSatisfying(BadRequestException.class,
					ex -> assertThat(ex.getMessage()).contains("messages: too long"));
	}

	@Test
	void theStableEndUserOfMetadataUserIdIsTheLimitIdentity() throws Exception {
		anthropic.behave(Replies.json(200, ProviderScripts.anthropicMessage("Hi.")));
		AnthropicClient limited = sdk(baseUrl() + "/limited");
		String account = "acc-" + java.util.UUID.randomUUID();
		java.util.function.Function<String, MessageCreateParams> asked = userId -> MessageCreateParams.builder()
			.model("via-anthropic")
			.maxTokens(16)
			.addUserMessage("hi")
			.metadata(Metadata.builder().userId(userId).build())
			.build();
		String session1 = "{\"device_id\":\"d\",\"account_uuid\":\"" + account + "\",\"session_id\":\"s-1\"}";
		String session2 = "{\"device_id\":\"d\",\"account_uuid\":\"" + account + "\",\"session_id\":\"s-2\"}";

		limited.messages().create(asked.apply(session1));
		assertThat(anthropic.take().json().at("/metadata/user_id").asString()).isEqualTo(session1);
		// another session of the same account is the same end user: its one request a minute is used up
		assertThatThrownBy(() -> limited.messages().create(asked.apply(session2)))
			.satisfies(ex -> assertThat(ex.getClass().getSimpleName()).isEqualTo("RateLimitException"));
		// another account is another end user
		Message other = limited.messages()
			.create(asked.apply("{\"device_id\":\"d\",\"account_uuid\":\"other-" + account + "\",\"session_id\":\"s-1\"}"));
		assertThat(other.content()).isNotEmpty();
	}
}
