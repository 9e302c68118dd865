package io.llmgateway.gateway.provider;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import io.llmgateway.gateway.core.Deployment;
import io.llmgateway.gateway.core.UpstreamCall;
import io.llmgateway.translate.codec.EncodeOptions;
import io.llmgateway.translate.model.ChatRequest;
import io.llmgateway.translate.model.ContentPart;
import io.llmgateway.translate.model.ErrorType;
import io.llmgateway.translate.model.LlmError;
import io.llmgateway.translate.model.Message;
import io.llmgateway.translate.model.Role;
import io.llmgateway.translate.mapping.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** Every OpenAI-compatible preset: its default base URL, its auth header, and that api-base overrides it. */
class PresetProviderAdapterTests {

	static Stream<Arguments> presets() {
		return Stream.of(Arguments.of("groq", "https://api.groq.com/openai/v1/chat/completions", true),
				Arguments.of("deepseek", "https://api.deepseek.com/v1/chat/completions", true),
				Arguments.of("mistral", "https://api.mistral.ai/v1/chat/completions", true),
				Arguments.of("together", "https://api.together.xyz/v1/chat/completions", true),
				Arguments.of("openrouter", "https://openrouter.ai/api/v1/chat/completions", true),
				Arguments.of("xai", "https://api.x.ai/v1/chat/completions", true),
				Arguments.of("fireworks", "https://api.fireworks.ai/inference/v1/chat/completions", true),
				Arguments.of("volcengine", "https://ark.cn-beijing.volces.com/api/v3/chat/completions", true),
				Arguments.of("vllm", "http://localhost:8000/v1/chat/completions", false),
				Arguments.of("lmstudio", "http://localhost:1234/v1/chat/completions", false));
	}

	static ChatRequest request() {
		ChatRequest r = new ChatRequest().model("alias");
		r.messages().add(Message.text(Role.USER, "hi"));
		return r;
	}

	static PresetProviderAdapter adapter(String id) {
		return new PresetProviderAdapter(OpenAiCompatiblePreset.BY_ID.get(id));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("presets")
	void resolvesBaseUrlAndAuth(String id, String expectedUrl, boolean keyRequired) {
		PresetProviderAdapter adapter = adapter(id);
		assertThat(adapter.id()).isEqualTo(id);
		assertThat(adapter.requiresApiKey()).isEqualTo(keyRequired);
		Deployment deployment = TestDeployments.of(id, "some-model").apiKey("sk-" + id).build();
		UpstreamCall call = adapter.prepareChat(deployment, request(), EncodeOptions.forModel("some-model"))
			.block(Duration.ofSeconds(5));
		assertThat(call.uri().toString()).isEqualTo(expectedUrl);
		assertThat(call.headers().getFirst("Authorization")).isEqualTo("Bearer sk-" + id);
		assertThat(new String(call.body(), StandardCharsets.UTF_8)).contains("\"model\":\"some-model\"");

		Deployment overridden = TestDeployments.of(id, "some-model")
			.apiKey("sk-" + id)
			.apiBase("http://10.0.0.5:9000/v1")
			.build();
		UpstreamCall proxied = adapter.prepareChat(overridden, request(), EncodeOptions.forModel("some-model"))
			.block(Duration.ofSeconds(5));
		assertThat(proxied.uri().toString()).isEqualTo("http://10.0.0.5:9000/v1/chat/completions");
	}

	@Test
	void everyPresetIsInTheTable() {
		assertThat(OpenAiCompatiblePreset.ALL).extracting(OpenAiCompatiblePreset::id)
			.containsExactlyInAnyOrderElementsOf(presets().map(a -> (String) a.get()[0]).toList());
	}

	@Test
	void localPresetsNeedNoKey() {
		Deployment deployment = TestDeployments.of("vllm", "m").build();
		UpstreamCall call = adapter("vllm").prepareChat(deployment, request(), EncodeOptions.forModel("m"))
			.block(Duration.ofSeconds(5));
		assertThat(call.headers().containsHeader("Authorization")).isFalse();
	}

	@Test
	void mistralGetsNineCharacterToolIdsAndFlatErrors() {
		ChatRequest r = request();
		r.messages().add(new Message(Role.ASSISTANT,
				List.of(new ContentPart.ToolCall("toolu_01A09q90qw90lq917835lq9", "get_weather", "{}")), null));
		r.messages().add(new Message(Role.TOOL, List.of(new ContentPart.ToolResult("toolu_01A09q90qw90lq917835lq9",
				"get_weather", List.of(new ContentPart.Text("4C")), false)), null));
		Deployment deployment = TestDeployments.of("mistral", "mistral-large-latest").apiKey("k").build();
		UpstreamCall call = adapter("mistral").prepareChat(deployment, r, EncodeOptions.forModel("mistral-large-latest"))
			.block(Duration.ofSeconds(5));
		JsonNode body = Json.MAPPER.readTree(call.body());
		String callId = body.at("/messages/1/tool_calls/0/id").asString();
		assertThat(callId).matches("^[a-zA-Z0-9]{9}$");
		assertThat(body.at("/messages/2/tool_call_id").asString()).isEqualTo(callId);

		LlmError error = call.codec().decodeError(422, ("{\"object\":\"error\",\"message\":\"Tool call id was x but must"
				+ " be a-z, A-Z, 0-9, with a length of 9.\",\"type\":\"invalid_request_message_order\",\"param\":null,"
				+ "\"code\":null}").getBytes(StandardCharsets.UTF_8));
		assertThat(error.type()).isEqualTo(ErrorType.INVALID_REQUEST);
		assertThat(error.message()).contains("length of 9");
	}
}
