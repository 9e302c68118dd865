package io.llmgateway.gateway.cache;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import io.llmgateway.translate.model.ChatRequest;
import io.llmgateway.translate.model.ContentPart;
import io.llmgateway.translate.model.Message;
import io.llmgateway.translate.model.Role;
import io.llmgateway.translate.model.ToolChoice;
import io.llmgateway.translate.model.ToolDefinition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequestFingerprintTests {

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private final RequestFingerprint fingerprint = new RequestFingerprint(mapper,
			Map.of("gpt4-family", List.of("gpt-4o", "azure-gpt-4o")));

	static ChatRequest base() {
		ChatRequest r = new ChatRequest().model("gpt-4o");
		r.system().add(new ContentPart.Text("Be brief."));
		r.messages().add(Message.text(Role.USER, "What is the capital of France?"));
		r.tools()
			.add(new ToolDefinition("get_weather", "Weather by city",
					mapper.readTree("{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}"), null));
		return r.temperature(0.0).maxTokens(100);
	}

	static Stream<Arguments> changesTheKey() {
		return Stream.of(change("model", r -> r.model("gpt-4o-mini")),
				change("system", r -> r.system().set(0, new ContentPart.Text("Be verbose."))),
				change("no system", r -> r.system().clear()),
				change("message text", r -> r.messages().set(0, Message.text(Role.USER, "Capital of Spain?"))),
				change("message role", r -> r.messages().set(0, Message.text(Role.ASSISTANT,
						"What is the capital of France?"))),
				change("extra message", r -> r.messages().add(Message.text(Role.ASSISTANT, "Paris"))),
				change("message name", r -> r.messages().set(0, new Message(Role.USER,
						List.of(new ContentPart.Text("What is the capital of France?")), "alice"))),
				change("image part", r -> r.messages().set(0, new Message(Role.USER,
						List.of(new ContentPart.Text("What is the capital of France?"),
								new ContentPart.Image("image/png", null, "https://x.test/a.png", null)),
						null))),
				change("tool description", r -> r.tools().set(0, new ToolDefinition("get_weather", "Other", null, null))),
				change("no tools", r -> r.tools().clear()),
				change("tool strict", r -> r.tools().set(0, new ToolDefinition("get_weather", "Weather by city",
						r.tools().get(0).parameters(), true))),
				change("tool_choice", r -> r.toolChoice(new ToolChoice(ToolChoice.Mode.TOOL, "get_weather"))),
				change("tool_choice mode", r -> r.toolChoice(ToolChoice.AUTO)),
				change("parallel_tool_calls", r -> r.parallelToolCalls(false)),
				change("max_tokens", r -> r.maxTokens(200)), change("temperature", r -> r.temperature(0.7)),
				change("no temperature", r -> r.temperature(null)), change("top_p", r -> r.topP(0.9)),
				change("top_k", r -> r.topK(40)), change("stop", r -> r.stop(List.of("\n"))),
				change("n", r -> r.n(1)), change("seed", r -> r.seed(42L)),
				change("response_format",
						r -> r.responseFormat(mapper.readTree("{\"type\":\"json_object\"}"))),
				change("reasoning_effort", r -> r.reasoningEffort("high")),
				change("thinking", r -> r.thinking(mapper.readTree("{\"type\":\"enabled\",\"budget_tokens\":1024}"))),
				change("provider-specific extra", r -> r.extra().put("logit_bias", mapper.readTree("{\"50256\":-100}"))),
				change("frequency_penalty", r -> r.extra().put("frequency_penalty", mapper.readTree("0.5"))),
				change("service_tier", r -> r.extra().put("service_tier", mapper.readTree("\"flex\""))));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource
	void changesTheKey(String name, Consumer<ChatRequest> change) {
		ChatRequest changed = base();
		change.accept(changed);

		assertThat(fingerprint.hash(changed, changed.model())).isNotEqualTo(fingerprint.hash(base(), "gpt-4o"));
	}

	static Stream<Arguments> keepsTheKey() {
		return Stream.of(change("stream", r -> r.stream(true)),
				change("stream_options", r -> r.includeUsage(true).extra()
					.put("stream_options", mapper.readTree("{\"include_usage\":true}"))),
				change("user", r -> r.user("end-user-42").extra().put("user", mapper.readTree("\"end-user-42\""))),
				change("metadata", r -> r.extra().put("metadata", mapper.readTree("{\"trace\":\"abc\"}"))),
				change("cache controls", r -> r.extra().put("cache", mapper.readTree("{\"ttl\":60}"))),
				change("store", r -> r.extra().put("store", mapper.readTree("true"))));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource
	void keepsTheKey(String name, Consumer<ChatRequest> change) {
		ChatRequest changed = base();
		change.accept(changed);

		assertThat(fingerprint.hash(changed, changed.model())).isEqualTo(fingerprint.hash(base(), "gpt-4o"));
	}

	@Test
	void extraParametersAreOrderIndependent() {
		ChatRequest a = base();
		a.extra().put("frequency_penalty", mapper.readTree("0.5"));
		a.extra().put("presence_penalty", mapper.readTree("0.1"));
		ChatRequest b = base();
		b.extra().put("presence_penalty", mapper.readTree("0.1"));
		b.extra().put("frequency_penalty", mapper.readTree("0.5"));

		assertThat(fingerprint.hash(a, "gpt-4o")).isEqualTo(fingerprint.hash(b, "gpt-4o"));
	}

	@Test
	void extraParametersCountPerClientProtocol() {
		ChatRequest openAi = base().clientProtocol(io.llmgateway.translate.Protocol.OPENAI);
		openAi.extra().put("frequency_penalty", mapper.readTree("0.5"));
		ChatRequest other = base().clientProtocol(io.llmgateway.translate.Protocol.ANTHROPIC);
		other.extra().put("frequency_penalty", mapper.readTree("0.5"));

		assertThat(fingerprint.hash(openAi, "gpt-4o")).isNotEqualTo(fingerprint.hash(other, "gpt-4o"));
		// without extras, the canonical request alone decides: protocols share entries
		assertThat(fingerprint.hash(base().clientProtocol(io.llmgateway.translate.Protocol.OPENAI), "gpt-4o"))
			.isEqualTo(fingerprint.hash(base().clientProtocol(io.llmgateway.translate.Protocol.ANTHROPIC), "gpt-4o"));
	}

	@Test
	void aliasesOfOneCachingGroupShareTheKey() {
		assertThat(fingerprint.hash(base(), "azure-gpt-4o")).isEqualTo(fingerprint.hash(base(), "gpt-4o"));
		assertThat(fingerprint.hash(base(), "claude")).isNotEqualTo(fingerprint.hash(base(), "gpt-4o"));
		assertThat(fingerprint.keyModel("azure-gpt-4o")).isEqualTo("group:gpt4-family");
	}

	@Test
	void hashIsSha256Hex() {
		assertThat(fingerprint.hash(base(), "gpt-4o")).matches("[0-9a-f]{64}");
	}

	@Test
	void anAliasInTwoGroupsIsRefused() {
		assertThatThrownBy(() -> new RequestFingerprint(mapper, Map.of("a", List.of("m"), "b", List.of("m"))))
			.hasMessageContaining("caching-groups");
	}

	private static Arguments change(String name, Consumer<ChatRequest> change) {
		return Arguments.of(name, change);
	}
}
