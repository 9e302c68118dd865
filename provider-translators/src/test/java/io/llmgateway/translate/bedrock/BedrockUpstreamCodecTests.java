package io.llmgateway.translate.bedrock;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.llmgateway.translate.codec.EncodeOptions;
import io.llmgateway.translate.model.ChatRequest;
import io.llmgateway.translate.model.ChatResponse;
import io.llmgateway.translate.model.ContentPart;
import io.llmgateway.translate.model.ErrorType;
import io.llmgateway.translate.model.LlmError;
import io.llmgateway.translate.model.LlmException;
import io.llmgateway.translate.model.Message;
import io.llmgateway.translate.model.Role;
import io.llmgateway.translate.model.StopReason;
import io.llmgateway.translate.model.ToolChoice;
import io.llmgateway.translate.model.ToolDefinition;
import io.llmgateway.translate.mapping.Json;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BedrockUpstreamCodecTests {

	private final BedrockUpstreamCodec codec = new BedrockUpstreamCodec();

	private static JsonNode json(String s) {
		return Json.MAPPER.readTree(s);
	}

	private static ChatRequest toolConversation() {
		ChatRequest r = new ChatRequest().model("claude");
		r.system().add(new ContentPart.Text("Be brief."));
		r.messages().add(new Message(Role.USER, List.of(new ContentPart.Text("Weather in Oslo?"),
				new ContentPart.Image(null, null, "data:image/png;base64,iVBORw0KG", null)), null));
		r.messages().add(new Message(Role.ASSISTANT,
				List.of(new ContentPart.ToolCall("call_Ab.12", "get_weather", "{\"city\":\"Oslo\"}")), null));
		r.messages().add(new Message(Role.TOOL, List.of(new ContentPart.ToolResult("call_Ab.12", "get_weather",
				List.of(new ContentPart.Text("{\"temp_c\":4}")), false)), null));
		r.messages().add(Message.text(Role.USER, "Thanks. And tomorrow?"));
		r.tools().add(new ToolDefinition("get_weather", "Current weather",
				json("{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}"), null));
		r.toolChoice(ToolChoice.AUTO).maxTokens(512).temperature(0.5).topP(0.9).stop(List.of("END")).topK(40);
		return r;
	}

	@Test
	void encodesTheConverseShape() {
		JsonNode body = json(new String(codec.encodeRequest(toolConversation(),
				EncodeOptions.forModel("anthropic.claude-3-5-sonnet-20241022-v2:0")), StandardCharsets.UTF_8));

		assertThat(body.has("model")).isFalse();
		assertThat(body.at("/system/0/text").asString()).isEqualTo("Be brief.");
		JsonNode messages = body.get("messages");
		assertThat(messages.size()).isEqualTo(3);
		assertThat(messages.at("/0/role").asString()).isEqualTo("user");
		assertThat(messages.at("/0/content/1/image/format").asString()).isEqualTo("png");
		assertThat(messages.at("/0/content/1/image/source/bytes").asString()).isEqualTo("iVBORw0KG");
		// invalid id characters are rewritten identically in the call and in its result
		String id = messages.at("/1/content/0/toolUse/toolUseId").asString();
		assertThat(id).matches("[a-zA-Z0-9_-]+");
		assertThat(messages.at("/1/content/0/toolUse/input/city").asString()).isEqualTo("Oslo");
		// the tool result and the following user text share one user turn, result first
		assertThat(messages.at("/2/role").asString()).isEqualTo("user");
		assertThat(messages.at("/2/content/0/toolResult/toolUseId").asString()).isEqualTo(id);
		assertThat(messages.at("/2/content/0/toolResult/content/0/json/temp_c").asInt()).isEqualTo(4);
		assertThat(messages.at("/2/content/0/toolResult/status").asString()).isEqualTo("success");
		assertThat(messages.at("/2/content/1/text").asString()).isEqualTo("Thanks. And tomorrow?");
		assertThat(body.at("/inferenceConfig/maxTokens").asInt()).isEqualTo(512);
		assertThat(body.at("/inferenceConfig/stopSequences/0").asString()).isEqualTo("END");
		assertThat(body.at("/toolConfig/tools/0/toolSpec/name").asString()).isEqualTo("get_weather");
		assertThat(body.at("/toolConfig/tools/0/toolSpec/inputSchema/json/type").asString()).isEqualTo("object");
		assertThat(body.at("/toolConfig/toolChoice/auto").isObject()).isTrue();
		assertThat(body.at("/additionalModelRequestFields/top_k").asInt()).isEqualTo(40);
	}

	@Test
	void toolHistoryWithoutToolsGetsStubDefinitions() {
		ChatRequest r = toolConversation();
		r.tools().clear();
		r.toolChoice(new ToolChoice(ToolChoice.Mode.NONE, null)).topK(null);
		JsonNode body = json(new String(codec.encodeRequest(r, EncodeOptions.forModel("amazon.nova-pro-v1:0")),
				StandardCharsets.UTF_8));
		assertThat(body.at("/toolConfig/tools/0/toolSpec/name").asString()).isEqualTo("get_weather");
		assertThat(body.at("/toolConfig/toolChoice").isMissingNode()).isTrue();
	}

	@Test
	void forcedToolAndRequired() {
		ChatRequest r = toolConversation().toolChoice(new ToolChoice(ToolChoice.Mode.TOOL, "get_weather"));
		JsonNode body = json(new String(codec.encodeRequest(r, EncodeOptions.forModel("anthropic.claude")),
				StandardCharsets.UTF_8));
		assertThat(body.at("/toolConfig/toolChoice/tool/name").asString()).isEqualTo("get_weather");
		r.toolChoice(new ToolChoice(ToolChoice.Mode.REQUIRED, null));
		body = json(new String(codec.encodeRequest(r, EncodeOptions.forModel("anthropic.claude")),
				StandardCharsets.UTF_8));
		assertThat(body.at("/toolConfig/toolChoice/any").isObject()).isTrue();
	}

	@Test
	void refusesWhatConverseCannotTake() {
		ChatRequest r = new ChatRequest().model("m");
		r.messages().add(new Message(Role.USER,
				List.of(new ContentPart.Image(null, null, "https://example.org/cat.png", null)), null));
		assertThatThrownBy(() -> codec.encodeRequest(r, EncodeOptions.forModel("amazon.nova-pro-v1:0")))
			.isInstanceOf(LlmException.class)
			.satisfies(ex -> assertThat(((LlmException) ex).error().status()).isEqualTo(400));
		ChatRequest n = new ChatRequest().model("m").n(2);
		n.messages().add(Message.text(Role.USER, "hi"));
		assertThatThrownBy(() -> codec.encodeRequest(n, EncodeOptions.forModel("x")))
			.isInstanceOf(LlmException.class);
	}

	@Test
	void decodesTextToolUseAndUsage() {
		String body = """
				{"output":{"message":{"role":"assistant","content":[{"text":"Checking."},
				  {"toolUse":{"toolUseId":"tooluse_1","name":"get_weather","input":{"city":"Oslo"}}}]}},
				 "stopReason":"tool_use",
				 "usage":{"inputTokens":30,"outputTokens":8,"totalTokens":38,"cacheReadInputTokens":5,"cacheWriteInputTokens":2},
				 "metrics":{"latencyMs":412}}""";
		ChatResponse response = codec.decodeResponse(body.getBytes(StandardCharsets.UTF_8));
		assertThat(response.stopReason()).isEqualTo(StopReason.TOOL_USE);
		assertThat(response.content()).containsExactly(new ContentPart.Text("Checking."),
				new ContentPart.ToolCall("tooluse_1", "get_weather", "{\"city\":\"Oslo\"}"));
		assertThat(response.usage().inputTokens()).isEqualTo(30);
		assertThat(response.usage().outputTokens()).isEqualTo(8);
		assertThat(response.usage().cacheReadTokens()).isEqualTo(5);
		assertThat(response.usage().cacheWriteTokens()).isEqualTo(2);
	}

	@Test
	void stopReasons() {
		assertThat(BedrockResponseReader.stopReason("end_turn", false)).isEqualTo(StopReason.END_TURN);
		assertThat(BedrockResponseReader.stopReason("max_tokens", false)).isEqualTo(StopReason.MAX_TOKENS);
		assertThat(BedrockResponseReader.stopReason("model_context_window_exceeded", false))
			.isEqualTo(StopReason.MAX_TOKENS);
		assertThat(BedrockResponseReader.stopReason("guardrail_intervened", false))
			.isEqualTo(StopReason.CONTENT_FILTER);
		assertThat(BedrockResponseReader.stopReason("stop_sequence", false)).isEqualTo(StopReason.STOP_SEQUENCE);
		assertThat(BedrockResponseReader.stopReason("malformed_tool_use", true)).isEqualTo(StopReason.TOOL_USE);
	}

	@Test
	void errorsByExceptionNameAndStatus() {
		LlmError throttled = BedrockUpstreamCodec.error("ThrottlingException:http://internal.amazon.com/coral/", 429,
				"Too many requests");
		assertThat(throttled.type()).isEqualTo(ErrorType.RATE_LIMIT);
		assertThat(throttled.status()).isEqualTo(429);
		assertThat(throttled.message()).contains("Too many requests");
		assertThat(BedrockUpstreamCodec.error("modelStreamErrorException", 200, "boom").status()).isEqualTo(502);
		assertThat(BedrockUpstreamCodec.error(null, 403, "denied").type()).isEqualTo(ErrorType.PERMISSION);
		LlmError tooLong = codec.decodeError(400, "{\"message\":\"Input is too long for requested model.\"}"
			.getBytes(StandardCharsets.UTF_8));
		assertThat(tooLong.type()).isEqualTo(ErrorType.CONTEXT_WINDOW_EXCEEDED);
		LlmError typed = codec.decodeError(400,
				"{\"__type\":\"com.amazon.coral.service#AccessDeniedException\",\"message\":\"no\"}"
					.getBytes(StandardCharsets.UTF_8));
		assertThat(typed.type()).isEqualTo(ErrorType.PERMISSION);
	}
}
