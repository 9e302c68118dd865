package io.llmgateway.gateway.provider;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolUseBlock;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import io.llmgateway.gateway.core.LlmExchange;
import io.llmgateway.gateway.core.LlmExchangeInitializer;
import io.llmgateway.gateway.support.TestProperties;
import io.llmgateway.gateway.support.mock.BedrockReplies;
import io.llmgateway.gateway.support.mock.BedrockStandIn;
import io.llmgateway.gateway.support.mock.CloudStandIns;
import io.llmgateway.gateway.support.mock.GoogleTokenEndpoint;
import io.llmgateway.gateway.support.mock.MockProvider;
import io.llmgateway.gateway.support.mock.Replies;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The real gateway on a random port in front of mock Bedrock, Vertex AI, Azure OpenAI and Ollama services that check
 * credentials and URLs as the services do (SigV4 recomputed independently, OAuth tokens from a local token endpoint,
 * api-key and api-version), driven by the official OpenAI Java SDK: plain, streamed and tool-call completions, and
 * embeddings with usage recorded on the exchange.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		classes = ProviderCoverageE2ETests.App.class,
		properties = { "llm.database.enabled=false",
				TestProperties.SECURITY_OFF })
class ProviderCoverageE2ETests {

	static final String AWS_KEY = "AKIDEXAMPLE";

	static final String AWS_SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

	static final MockProvider bedrock = BedrockStandIn
		.start(AWS_KEY, AWS_SECRET, "us-east-1", ProviderCoverageE2ETests::bedrockAnswer)
		.server();

	static final MockProvider vertex = CloudStandIns.vertex(t -> t.startsWith("ya29.test-token-"));

	static final MockProvider azure = CloudStandIns.azure("azure-key-1", "2024-10-21");

	static final MockProvider ollama = CloudStandIns.ollama();

	static final MockProvider misc = CloudStandIns.cohereMistralGemini();

	static GoogleTokenEndpoint tokenEndpoint;

	static Path serviceAccount;

	/** Every completed exchange, for usage assertions. */
	static final BlockingQueue<LlmExchange> completed = new LinkedBlockingQueue<>();

	@LocalServerPort
	int port;

	static {
		try {
			tokenEndpoint = new GoogleTokenEndpoint();
			serviceAccount = tokenEndpoint.writeServiceAccountFile(Files.createTempDirectory("vertex-sa"));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	@AfterAll
	static void stopMocks() {
		bedrock.close();
		vertex.close();
		azure.close();
		ollama.close();
		misc.close();
		tokenEndpoint.close();
	}

	static MockProvider.Behaviour bedrockAnswer(MockProvider.Received r) {
		String path = r.pathOnly();
		if (path.contains("anthropic.") && (path.endsWith("/invoke") || path.endsWith("/invoke-with-response-stream"))) {
			// an Anthropic client's request to Claude: InvokeModel with the Messages body
			bedrockClaudeInvoked.add(r.body());
			boolean tool = CloudStandIns.wantsTool(r);
			if (path.endsWith("/invoke")) {
				return Replies.json(200, tool ? ANTHROPIC_TOOL_USE : ANTHROPIC_TEXT);
			}
			return Replies.invokeStream(ANTHROPIC_STREAM);
		}
		if (path.endsWith("/invoke")) {
			return Replies.jsonWithHeader(200, "{\"embedding\":[0.5,-0.5],\"inputTextTokenCount\":2}",
					"X-Amzn-Bedrock-Input-Token-Count", "2");
		}
		boolean tool = CloudStandIns.wantsTool(r);
		if (path.endsWith("/converse-stream")) {
			return Replies.eventStream(tool ? BedrockReplies.STREAM_TOOL : BedrockReplies.STREAM_TEXT);
		}
		return Replies.json(200, tool ? BedrockReplies.TOOL : BedrockReplies.TEXT);
	}

	static final java.util.concurrent.BlockingQueue<String> bedrockClaudeInvoked = new java.util.concurrent.LinkedBlockingQueue<>();

	static final String ANTHROPIC_TEXT = "{\"id\":\"msg_bdrk_1\",\"type\":\"message\",\"role\":\"assistant\","
			+ "\"model\":\"claude\",\"content\":[{\"type\":\"text\",\"text\":\"Hello from Bedrock\"}],"
			+ "\"stop_reason\":\"end_turn\",\"stop_sequence\":null,\"usage\":{\"input_tokens\":11,\"output_tokens\":6}}";

	static final String ANTHROPIC_TOOL_USE = "{\"id\":\"msg_bdrk_2\",\"type\":\"message\",\"role\":\"assistant\","
			+ "\"model\":\"claude\",\"content\":[{\"type\":\"tool_use\",\"id\":\"toolu_bdrk\",\"name\":\"get_weather\","
			+ "\"input\":{\"city\":\"Oslo\"}}],\"stop_reason\":\"tool_use\",\"stop_sequence\":null,"
			+ "\"usage\":{\"input_tokens\":20,\"output_tokens\":9}}";

	/** Anthropic stream events as InvokeModelWithResponseStream carries them, one per chunk. */
	static final List<String> ANTHROPIC_STREAM = List.of(
			"{\"type\":\"message_start\",\"message\":{\"id\":\"msg_bdrk_3\",\"type\":\"message\",\"role\":\"assistant\","
					+ "\"model\":\"claude\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,"
					+ "\"usage\":{\"input_tokens\":11,\"output_tokens\":1}}}",
			"{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}",
			"{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hello from \"}}",
			"{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Bedrock\"}}",
			"{\"type\":\"content_block_stop\",\"index\":0}",
			"{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},"
					+ "\"usage\":{\"output_tokens\":6}}",
			"{\"type\":\"message_stop\"}");

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		String routes = "spring.cloud.gateway.server.webflux.routes";
		registry.add(routes + "[0].id", () -> "chat");
		registry.add(routes + "[0].uri", () -> "http://unused.invalid");
		registry.add(routes + "[0].predicates[0]", () -> "Path=/v1/chat/completions");
		registry.add(routes + "[0].filters[0]", () -> "LlmModel");
		registry.add(routes + "[0].filters[1]", () -> "LlmTranslate");
		registry.add(routes + "[1].id", () -> "messages");
		registry.add(routes + "[1].uri", () -> "http://unused.invalid");
		registry.add(routes + "[1].predicates[0]", () -> "Path=/v1/messages");
		registry.add(routes + "[1].filters[0]", () -> "LlmModel");
		registry.add(routes + "[1].filters[1]", () -> "LlmTranslate");
		registry.add(routes + "[2].id", () -> "embeddings");
		registry.add(routes + "[2].uri", () -> "http://unused.invalid");
		registry.add(routes + "[2].predicates[0]", () -> "Path=/v1/embeddings");
		registry.add(routes + "[2].filters[0]", () -> "LlmModel=OPENAI_EMBEDDINGS");
		registry.add(routes + "[2].filters[1]", () -> "LlmEmbeddings");
		int i = 0;
		i = model(registry, i, Map.of("name", "bedrock-claude", "provider", "bedrock", "model",
				"anthropic.claude-3-5-sonnet-20241022-v2:0", "api-base", url(bedrock), "aws-region", "us-east-1",
				"aws-access-key-id", AWS_KEY, "aws-secret-access-key", AWS_SECRET));
		i = model(registry, i, Map.of("name", "vertex-gemini", "provider", "vertex", "model", "gemini-2.5-flash",
				"api-base", url(vertex), "vertex-project", "test-project", "vertex-location", "us-east5",
				"vertex-credentials", serviceAccount.toString()));
		i = model(registry, i, Map.of("name", "vertex-claude", "provider", "vertex", "model",
				"claude-sonnet-4@20250514", "api-base", url(vertex), "vertex-project", "test-project",
				"vertex-location", "us-east5", "vertex-credentials", serviceAccount.toString()));
		i = model(registry, i, Map.of("name", "azure-gpt", "provider", "azure", "model", "gpt4o-deployment",
				"api-base", url(azure), "api-key", "azure-key-1", "api-version", "2024-10-21"));
		i = model(registry, i, Map.of("name", "ollama-llama", "provider", "ollama", "model", "llama3.2", "api-base",
				url(ollama)));
		i = model(registry, i, Map.of("name", "azure-embed", "provider", "azure", "model", "embed-deployment",
				"api-base", url(azure), "api-key", "azure-key-1", "api-version", "2024-10-21"));
		i = model(registry, i, Map.of("name", "vertex-embed", "provider", "vertex", "model", "text-embedding-005",
				"api-base", url(vertex), "vertex-project", "test-project", "vertex-location", "us-east5",
				"vertex-credentials", serviceAccount.toString()));
		i = model(registry, i, Map.of("name", "titan-embed", "provider", "bedrock", "model",
				"amazon.titan-embed-text-v2:0", "api-base", url(bedrock), "aws-region", "us-east-1",
				"aws-access-key-id", AWS_KEY, "aws-secret-access-key", AWS_SECRET));
		i = model(registry, i, Map.of("name", "ollama-embed", "provider", "ollama", "model", "nomic-embed-text",
				"api-base", url(ollama)));
		i = model(registry, i, Map.of("name", "cohere-command", "provider", "cohere", "model", "command-a-03-2025",
				"api-base", url(misc), "api-key", "cohere-key"));
		i = model(registry, i, Map.of("name", "mistral-large", "provider", "mistral", "model", "mistral-large-latest",
				"api-base", url(misc) + "/mistral/v1", "api-key", "mistral-key"));
		model(registry, i, Map.of("name", "gemini-embed", "provider", "gemini", "model", "gemini-embedding-001",
				"api-base", url(misc), "api-key", "gem-key"));
	}

	private static int model(DynamicPropertyRegistry registry, int index, Map<String, String> entries) {
		entries.forEach((k, v) -> registry.add("llm.models[" + index + "]." + k, () -> v));
		return index + 1;
	}

	private static String url(MockProvider server) {
		return server.root();
	}

	@BeforeEach
	void clear() {
		completed.clear();
		bedrock.clear();
		vertex.clear();
		azure.clear();
		ollama.clear();
		misc.clear();
	}

	OpenAIClient openAi() {
		return OpenAIOkHttpClient.builder()
			.baseUrl("http://127.0.0.1:" + port + "/v1")
			.apiKey("client-key-never-forwarded")
			.maxRetries(0)
			.timeout(Duration.ofSeconds(20))
			.build();
	}

	static String expectedText(String alias) {
		return switch (alias) {
			case "bedrock-claude" -> "Hello from Bedrock";
			case "vertex-gemini" -> "Hello from Gemini on Vertex";
			case "vertex-claude" -> "Hello from Claude on Vertex";
			case "azure-gpt" -> "Hello from Azure";
			case "cohere-command" -> "Hello from Cohere";
			default -> "Hello from Ollama";
		};
	}

	static ChatCompletionCreateParams.Builder params(String alias) {
		return ChatCompletionCreateParams.builder().model(alias).addUserMessage("Say hello").maxCompletionTokens(64);
	}

	static ChatCompletionCreateParams toolParams(String alias) {
		return params(alias).addFunctionTool(FunctionDefinition.builder()
			.name("get_weather")
			.description("Current weather")
			.parameters(FunctionParameters.builder()
				.putAdditionalProperty("type", JsonValue.from("object"))
				.putAdditionalProperty("properties", JsonValue.from(Map.of("city", Map.of("type", "string"))))
				.putAdditionalProperty("required", JsonValue.from(List.of("city")))
				.build())
			.build()).build();
	}

	@ParameterizedTest
	@ValueSource(strings = { "bedrock-claude", "vertex-gemini", "vertex-claude", "azure-gpt", "ollama-llama" })
	void plainCompletion(String alias) throws Exception {
		ChatCompletion completion = openAi().chat().completions().create(params(alias).build());
		assertThat(completion.choices().get(0).message().content()).contains(expectedText(alias));
		assertThat(completion.usage()).isPresent();
		assertThat(completion.usage().get().promptTokens()).isPositive();
		assertUsageRecorded(alias);
	}

	@ParameterizedTest
	@ValueSource(strings = { "bedrock-claude", "vertex-gemini", "vertex-claude", "azure-gpt", "ollama-llama" })
	void streamedCompletion(String alias) throws Exception {
		ChatCompletionCreateParams params = params(alias).streamOptions(
				com.openai.models.chat.completions.ChatCompletionStreamOptions.builder().includeUsage(true).build())
			.build();
		ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
		try (StreamResponse<ChatCompletionChunk> stream = openAi().chat().completions().createStreaming(params)) {
			stream.stream().forEach(accumulator::accumulate);
		}
		ChatCompletion completion = accumulator.chatCompletion();
		assertThat(completion.id()).isNotBlank();
		assertThat(completion.choices().get(0).message().content()).contains(expectedText(alias));
		assertThat(completion.choices().get(0).finishReason())
			.isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
		assertUsageRecorded(alias);
	}

	@ParameterizedTest
	@ValueSource(strings = { "bedrock-claude", "vertex-gemini", "vertex-claude", "azure-gpt", "ollama-llama" })
	void toolCall(String alias) throws Exception {
		ChatCompletion completion = openAi().chat().completions().create(toolParams(alias));
		ChatCompletion.Choice choice = completion.choices().get(0);
		assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
		ChatCompletionMessageFunctionToolCall call = choice.message().toolCalls().orElseThrow().get(0).asFunction();
		assertThat(call.function().name()).isEqualTo("get_weather");
		assertThat(call.function().arguments()).isEqualTo("{\"city\":\"Oslo\"}");
	}

	@ParameterizedTest
	@ValueSource(strings = { "bedrock-claude", "vertex-gemini", "vertex-claude", "azure-gpt", "ollama-llama" })
	void streamedToolCall(String alias) {
		ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
		try (StreamResponse<ChatCompletionChunk> stream = openAi().chat()
			.completions()
			.createStreaming(toolParams(alias))) {
			stream.stream().forEach(accumulator::accumulate);
		}
		ChatCompletion.Choice choice = accumulator.chatCompletion().choices().get(0);
		assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
		ChatCompletionMessageFunctionToolCall call = choice.message().toolCalls().orElseThrow().get(0).asFunction();
		assertThat(call.function().name()).isEqualTo("get_weather");
		assertThat(call.function().arguments()).isEqualTo("{\"city\":\"Oslo\"}");
	}

	@Test
	void whatTheProvidersReceived() throws Exception {
		openAi().chat().completions().create(params("azure-gpt").build());
		MockProvider.Received az = azure.poll(Duration.ofSeconds(5));
		assertThat(az.path()).isEqualTo("/openai/deployments/gpt4o-deployment/chat/completions?api-version=2024-10-21");
		assertThat(az.header("api-key")).isEqualTo("azure-key-1");
		assertThat(az.header("Authorization")).isNull();

		openAi().chat().completions().create(params("vertex-claude").build());
		MockProvider.Received vc = vertex.poll(Duration.ofSeconds(5));
		assertThat(vc.pathOnly()).isEqualTo(
				"/v1/projects/test-project/locations/us-east5/publishers/anthropic/models/claude-sonnet-4@20250514:rawPredict");
		assertThat(vc.header("Authorization")).startsWith("Bearer ya29.test-token-");

		openAi().chat().completions().create(params("vertex-gemini").build());
		MockProvider.Received vg = vertex.poll(Duration.ofSeconds(5));
		assertThat(vg.pathOnly()).isEqualTo(
				"/v1/projects/test-project/locations/us-east5/publishers/google/models/gemini-2.5-flash:generateContent");

		openAi().chat().completions().create(params("bedrock-claude").build());
		MockProvider.Received br = bedrock.poll(Duration.ofSeconds(5));
		assertThat(br.path()).isEqualTo("/model/anthropic.claude-3-5-sonnet-20241022-v2%3A0/converse");
		assertThat(br.header("Authorization")).doesNotContain("client-key-never-forwarded");

		openAi().chat().completions().create(params("ollama-llama").build());
		MockProvider.Received ol = ollama.poll(Duration.ofSeconds(5));
		assertThat(ol.body()).contains("\"model\":\"llama3.2\"").contains("\"stream\":false");
		assertThat(ol.header("Authorization")).isNull();
		// the fake token endpoint issued one token for all Vertex calls: it is cached
		assertThat(tokenEndpoint.issued.get()).isEqualTo(1);
	}

	@Test
	void azureContentFilterIsAContentPolicyError() {
		assertThatThrownBy(() -> openAi().chat()
			.completions()
			.create(ChatCompletionCreateParams.builder().model("azure-gpt").addUserMessage("a forbidden topic").build()))
			.isInstanceOf(BadRequestException.class)
			.hasMessageContaining("content management policy");
	}

	@ParameterizedTest
	@ValueSource(strings = { "azure-embed", "vertex-embed", "titan-embed", "ollama-embed", "gemini-embed" })
	void embeddingsWithUsage(String alias) throws Exception {
		CreateEmbeddingResponse response = openAi().embeddings()
			.create(EmbeddingCreateParams.builder().model(alias).input("hello world").build());
		assertThat(response.data()).hasSize(1);
		assertThat(response.data().get(0).embedding()).isNotEmpty();
		assertThat(response.usage().promptTokens()).isPositive();
		LlmExchange llm = completed.poll(5, TimeUnit.SECONDS);
		assertThat(llm).isNotNull();
		assertThat(llm.usage().inputTokens()).isEqualTo(response.usage().promptTokens());
		assertThat(llm.deployment().group()).isEqualTo(alias);
	}

	@Test
	void cohereV2PlainAndStreamed() throws Exception {
		ChatCompletion plain = openAi().chat().completions().create(params("cohere-command").build());
		assertThat(plain.choices().get(0).message().content()).contains("Hello from Cohere");
		assertUsageRecorded("cohere-command");
		ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
		try (StreamResponse<ChatCompletionChunk> stream = openAi().chat()
			.completions()
			.createStreaming(params("cohere-command").build())) {
			stream.stream().forEach(accumulator::accumulate);
		}
		assertThat(accumulator.chatCompletion().choices().get(0).message().content()).contains("Hello from Cohere");
		assertUsageRecorded("cohere-command");
		MockProvider.Received received = misc.poll(Duration.ofSeconds(5));
		assertThat(received.body()).contains("\"model\":\"command-a-03-2025\"");
	}

	@Test
	void mistralGetsNineCharacterToolCallIds() throws Exception {
		String body = """
				{"model":"mistral-large","messages":[{"role":"user","content":"Weather in Oslo?"},
				 {"role":"assistant","content":null,"tool_calls":[{"id":"call_Ab12cD34eF56","type":"function",
				   "function":{"name":"get_weather","arguments":"{\\"city\\":\\"Oslo\\"}"}}]},
				 {"role":"tool","tool_call_id":"call_Ab12cD34eF56","content":"4C"}]}""";
		java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient()
			.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
				.header("Content-Type", "application/json")
				.POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))
				.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("Hello from Mistral");
		String sent = misc.poll(Duration.ofSeconds(5)).body();
		String id = io.llmgateway.translate.mapping.ToolCallIds.mistral("call_Ab12cD34eF56");
		assertThat(sent).contains("\"id\":\"" + id + "\"").contains("\"tool_call_id\":\"" + id + "\"");
	}

	@Test
	void titanEmbedsOneInputPerSignedCall() throws Exception {
		CreateEmbeddingResponse response = openAi().embeddings()
			.create(EmbeddingCreateParams.builder()
				.model("titan-embed")
				.inputOfArrayOfStrings(List.of("one", "two", "three"))
				.build());
		assertThat(response.data()).hasSize(3);
		assertThat(response.usage().promptTokens()).isEqualTo(6);
		assertThat(bedrock.queued()).hasSize(3);
		for (MockProvider.Received r : bedrock.queued()) {
			assertThat(r.path()).isEqualTo("/model/amazon.titan-embed-text-v2%3A0/invoke");
		}
	}

	AnthropicClient anthropic() {
		return AnthropicOkHttpClient.builder()
			.baseUrl("http://127.0.0.1:" + port)
			.apiKey("client-key-never-forwarded")
			.maxRetries(0)
			.timeout(Duration.ofSeconds(20))
			.build();
	}

	static MessageCreateParams.Builder messageParams(String alias) {
		return MessageCreateParams.builder().model(alias).maxTokens(64).addUserMessage("Say hello");
	}

	static MessageCreateParams messageToolParams(String alias) {
		return messageParams(alias).addTool(Tool.builder()
			.name("get_weather")
			.description("Current weather")
			.inputSchema(Tool.InputSchema.builder()
				.properties(com.anthropic.core.JsonValue.from(Map.of("city", Map.of("type", "string"))))
				.putAdditionalProperty("required", com.anthropic.core.JsonValue.from(List.of("city")))
				.build())
			.build()).build();
	}

	/** The Anthropic SDK against Claude on Bedrock and on Vertex, and the other providers through translation. */
	@ParameterizedTest
	@ValueSource(strings = { "bedrock-claude", "vertex-claude", "vertex-gemini", "azure-gpt", "ollama-llama" })
	void anthropicSdkPlainStreamAndTool(String alias) throws Exception {
		bedrockClaudeInvoked.clear();
		com.anthropic.models.messages.Message plain = anthropic().messages().create(messageParams(alias).build());
		assertThat(plain.content().get(0).text().orElseThrow().text()).isEqualTo(expectedText(alias));
		assertUsageRecorded(alias);

		MessageAccumulator accumulator = MessageAccumulator.create();
		try (com.anthropic.core.http.StreamResponse<RawMessageStreamEvent> stream = anthropic().messages()
			.createStreaming(messageParams(alias).build())) {
			stream.stream().forEach(accumulator::accumulate);
		}
		assertThat(accumulator.message().content().get(0).text().orElseThrow().text()).isEqualTo(expectedText(alias));
		assertUsageRecorded(alias);

		com.anthropic.models.messages.Message tool = anthropic().messages().create(messageToolParams(alias));
		assertThat(tool.stopReason()).contains(StopReason.TOOL_USE);
		ToolUseBlock use = tool.content().stream().filter(b -> b.toolUse().isPresent()).findFirst().orElseThrow()
			.toolUse().orElseThrow();
		assertThat(use.name()).isEqualTo("get_weather");
		assertThat(use._input().toString()).contains("Oslo");
		if (alias.equals("bedrock-claude")) {
			// Claude on Bedrock gets the Anthropic client's own body through InvokeModel, three times
			for (int i = 0; i < 3; i++) {
				tools.jackson.databind.JsonNode body = tools.jackson.databind.json.JsonMapper.builder().build()
					.readTree(bedrockClaudeInvoked.poll(5, TimeUnit.SECONDS));
				assertThat(body.get("anthropic_version").asString()).isEqualTo("bedrock-2023-05-31");
				assertThat(body.has("model")).isFalse();
				assertThat(body.has("stream")).isFalse();
				assertThat(body.at("/messages/0/role").asString()).isEqualTo("user");
			}
		}
	}

	private void assertUsageRecorded(String alias) throws InterruptedException {
		LlmExchange llm = completed.poll(5, TimeUnit.SECONDS);
		assertThat(llm).isNotNull();
		assertThat(llm.usage()).isNotNull();
		assertThat(llm.usage().totalInputTokens()).isPositive();
		assertThat(llm.usage().outputTokens()).isPositive();
		assertThat(llm.deployment().group()).isEqualTo(alias);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

		@Bean
		LlmExchangeInitializer recordCompletions() {
			return (llm, exchange) -> llm.onComplete(completed::add);
		}
	}
}
