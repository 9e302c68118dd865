package io.llmgateway.translate.anthropic;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.llmgateway.translate.codec.EncodeOptions;
import io.llmgateway.translate.mapping.Json;
import io.llmgateway.translate.model.ChatRequest;
import io.llmgateway.translate.model.ContentPart;
import io.llmgateway.translate.model.LlmException;
import io.llmgateway.translate.model.Message;
import io.llmgateway.translate.model.Role;
import io.llmgateway.translate.model.ToolChoice;
import io.llmgateway.translate.model.ToolDefinition;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AnthropicRequestWriterTests {

	private final AnthropicClientCodec client = new AnthropicClientCodec();

	private final AnthropicUpstreamCodec upstream = new AnthropicUpstreamCodec();

	private JsonNode encode(ChatRequest r, boolean drop) {
		return Json.MAPPER.readTree(upstream.encodeRequest(r, new EncodeOptions("claude-x", drop, true, 4096)));
	}

	@Test
	void aFilterThatReplacesAMessageTurnsOffThePassThroughAndTheRequestIsNormalised() {
		ChatRequest r = client.decodeRequest(("{\"model\":\"a\",\"max_tokens\":10,\"system\":[{\"type\":\"text\","
				+ "\"text\":\"A\"},{\"type\":\"text\",\"text\":\"B\"}],\"messages\":[{\"role\":\"user\",\"content\":"
				+ "[{\"type\":\"text\",\"text\":\"Hi\"},{\"type\":\"text\",\"text\":\"\"}]},{\"role\":\"user\",\"content\":"
				+ "\"Weather?\"},{\"role\":\"assistant\",\"content\":\"The weather is \"}]}").getBytes(StandardCharsets.UTF_8));
		r.messages().set(1, Message.text(Role.USER, "Weather??"));
		JsonNode out = encode(r, false);
		assertThat(Json.writeString(out)).isEqualTo("{\"model\":\"claude-x\",\"system\":\"A\\n\\nB\",\"messages\":["
				+ "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Hi\"},{\"type\":\"text\",\"text\":\"Weather??\"}]},"
				+ "{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"The weather is\"}]}],\"max_tokens\":10}");
	}

	@Test
	void toolHistoryWithoutToolsGetsStubDefinitionsAndNoneChoice() {
		ChatRequest r = new ChatRequest().model("m");
		r.messages().add(Message.text(Role.USER, "hi"));
		r.messages().add(new Message(Role.ASSISTANT, List.of(new ContentPart.ToolCall("call.1:x", "lookup", "")), null));
		r.messages().add(new Message(Role.TOOL, List.of(new ContentPart.ToolResult("call.1:x", null,
				List.of(new ContentPart.Text("42")), false)), null));
		JsonNode out = encode(r, false);
		assertThat(out.at("/tools/0/name").asString()).isEqualTo("lookup");
		assertThat(out.at("/tool_choice/type").asString()).isEqualTo("none");
		String callId = out.at("/messages/1/content/0/id").asString();
		assertThat(callId).matches("[a-zA-Z0-9_-]+");
		assertThat(out.at("/messages/2/content/0/tool_use_id").asString()).isEqualTo(callId);
		assertThat(out.at("/messages/1/content/0/input").isObject()).isTrue();
	}

	@Test
	void parametersWithoutEquivalentAreRefusedOrDropped() {
		ChatRequest r = new ChatRequest().model("m").seed(7L).temperature(1.5);
		r.messages().add(Message.text(Role.USER, "hi"));
		assertThatThrownBy(() -> encode(r, false)).isInstanceOfSatisfying(LlmException.class,
				ex -> assertThat(ex.error().param()).isIn("temperature", "seed"));
		JsonNode out = encode(r, true);
		assertThat(out.get("temperature").doubleValue()).isEqualTo(1.0);
		assertThat(out.has("seed")).isFalse();
	}

	@Test
	void nGreaterThanOneAndLogprobsAreAlwaysRefused() {
		ChatRequest r = new ChatRequest().model("m").n(2);
		r.messages().add(Message.text(Role.USER, "hi"));
		assertThatThrownBy(() -> encode(r, true)).isInstanceOfSatisfying(LlmException.class,
				ex -> assertThat(ex.error().param()).isEqualTo("n"));
		ChatRequest l = new ChatRequest().model("m");
		l.messages().add(Message.text(Role.USER, "hi"));
		l.extra().put("logprobs", Json.NODES.booleanNode(true));
		assertThatThrownBy(() -> encode(l, true)).isInstanceOfSatisfying(LlmException.class,
				ex -> assertThat(ex.error().param()).isEqualTo("logprobs"));
	}

	@Test
	void toolChoiceParallelAndReasoningEffort() {
		ChatRequest r = new ChatRequest().model("m").parallelToolCalls(false).reasoningEffort("low").maxTokens(500);
		r.tools().add(new ToolDefinition("f", null, null, null));
		r.toolChoice(new ToolChoice(ToolChoice.Mode.REQUIRED, null));
		r.messages().add(Message.text(Role.USER, "hi"));
		JsonNode out = encode(r, false);
		assertThat(out.at("/tool_choice/type").asString()).isEqualTo("any");
		assertThat(out.at("/tool_choice/disable_parallel_tool_use").asBoolean()).isTrue();
		assertThat(out.at("/tools/0/input_schema/type").asString()).isEqualTo("object");
		assertThat(out.at("/thinking/budget_tokens").asInt()).isEqualTo(1024);
		assertThat(out.get("max_tokens").asInt()).isGreaterThan(1024);
	}

	@Test
	void imageTypesAreSniffedAndUnsupportedOnesRefused() {
		ChatRequest r = new ChatRequest().model("m");
		r.messages().add(new Message(Role.USER, List.of(new ContentPart.Image(null, null,
				"data:image/bmp;base64,Qk02AAAAAAAAADYAAAAoAAAAAQAAAAEAAAABABgAAAAAAAAAAAA=", null)), null));
		assertThatThrownBy(() -> encode(r, true)).isInstanceOfSatisfying(LlmException.class,
				ex -> assertThat(ex.error().status()).isEqualTo(400));
	}

	@Test
	void historyStartingWithTheAssistantGetsAPlaceholderUserTurn() {
		ChatRequest r = new ChatRequest().model("m");
		r.messages().add(Message.text(Role.ASSISTANT, "Hello, how can I help?"));
		r.messages().add(Message.text(Role.USER, "hi"));
		JsonNode out = encode(r, false);
		assertThat(out.at("/messages/0/role").asString()).isEqualTo("user");
		assertThat(out.at("/messages/1/role").asString()).isEqualTo("assistant");
	}
}
