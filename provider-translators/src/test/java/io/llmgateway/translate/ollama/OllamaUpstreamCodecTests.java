package io.llmgateway.translate.ollama;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.llmgateway.translate.codec.EncodeOptions;
import io.llmgateway.translate.model.ChatRequest;
import io.llmgateway.translate.model.ChatResponse;
import io.llmgateway.translate.model.ContentPart;
import io.llmgateway.translate.model.ErrorType;
import io.llmgateway.translate.model.Message;
import io.llmgateway.translate.model.Role;
import io.llmgateway.translate.model.StopReason;
import io.llmgateway.translate.model.StreamEvent;
import io.llmgateway.translate.model.ToolDefinition;
import io.llmgateway.translate.mapping.Json;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class OllamaUpstreamCodecTests {

	private final OllamaUpstreamCodec codec = new OllamaUpstreamCodec();

	@Test
	void encodesNativeChat() {
		ChatRequest r = new ChatRequest().model("llama").stream(true).maxTokens(100).temperature(0.2).topK(5)
			.stop(List.of("END"));
		r.system().add(new ContentPart.Text("Be brief."));
		r.messages().add(new Message(Role.USER, List.of(new ContentPart.Text("What is this?"),
				new ContentPart.Image("image/png", "iVBOR", null, null)), null));
		r.messages().add(new Message(Role.ASSISTANT,
				List.of(new ContentPart.ToolCall("call_1", "lookup", "{\"q\":\"cat\"}")), null));
		r.messages().add(new Message(Role.TOOL,
				List.of(new ContentPart.ToolResult("call_1", "lookup", List.of(new ContentPart.Text("a cat")), false)),
				null));
		r.tools().add(new ToolDefinition("lookup", "Look up", null, null));
		JsonNode body = Json.MAPPER.readTree(codec.encodeRequest(r, EncodeOptions.forModel("llama3.2:3b")));
		assertThat(body.get("model").asString()).isEqualTo("llama3.2:3b");
		assertThat(body.get("stream").asBoolean()).isTrue();
		assertThat(body.at("/messages/0/role").asString()).isEqualTo("system");
		assertThat(body.at("/messages/1/images/0").asString()).isEqualTo("iVBOR");
		assertThat(body.at("/messages/2/tool_calls/0/function/arguments/q").asString()).isEqualTo("cat");
		assertThat(body.at("/messages/3/role").asString()).isEqualTo("tool");
		assertThat(body.at("/messages/3/tool_name").asString()).isEqualTo("lookup");
		assertThat(body.at("/tools/0/function/parameters/type").asString()).isEqualTo("object");
		assertThat(body.at("/options/num_predict").asInt()).isEqualTo(100);
		assertThat(body.at("/options/top_k").asInt()).isEqualTo(5);
		assertThat(body.at("/options/stop/0").asString()).isEqualTo("END");
	}

	@Test
	void decodesAnswerWithToolCallAndCounts() {
		String body = """
				{"model":"llama3.2","created_at":"2025-01-01T00:00:00Z","message":{"role":"assistant","content":"",
				 "tool_calls":[{"function":{"name":"lookup","arguments":{"q":"cat"}}}]},
				 "done":true,"done_reason":"stop","prompt_eval_count":12,"eval_count":7}""";
		ChatResponse response = codec.decodeResponse(body.getBytes(StandardCharsets.UTF_8));
		assertThat(response.stopReason()).isEqualTo(StopReason.TOOL_USE);
		ContentPart.ToolCall call = (ContentPart.ToolCall) response.content().get(0);
		assertThat(call.name()).isEqualTo("lookup");
		assertThat(call.argumentsJson()).isEqualTo("{\"q\":\"cat\"}");
		assertThat(call.id()).startsWith("call_");
		assertThat(response.usage().inputTokens()).isEqualTo(12);
		assertThat(response.usage().outputTokens()).isEqualTo(7);
	}

	@Test
	void decodesNdjsonSplitInsideAMultibyteCharacter() {
		String stream = """
				{"model":"llama3.2","message":{"role":"assistant","content":"Hé"},"done":false}
				{"model":"llama3.2","message":{"role":"assistant","content":"llo ☀"},"done":false}
				{"model":"llama3.2","message":{"role":"assistant","content":""},"done":true,"done_reason":"length","prompt_eval_count":3,"eval_count":4}
				""";
		byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
		List<StreamEvent> events = new ArrayList<>();
		OllamaStreamDecoder decoder = new OllamaStreamDecoder();
		for (byte b : bytes) {
			decoder.decode(ByteBuffer.wrap(new byte[] { b }), events::add);
		}
		decoder.end(events::add);
		assertThat(events).hasSize(7);
		assertThat(events.get(1)).isEqualTo(new StreamEvent.TextStart(0));
		assertThat(events.get(2)).isEqualTo(new StreamEvent.TextDelta(0, "Hé"));
		assertThat(events.get(3)).isEqualTo(new StreamEvent.TextDelta(0, "llo ☀"));
		assertThat(events.get(4)).isEqualTo(new StreamEvent.BlockStop(0));
		StreamEvent.MessageDelta delta = (StreamEvent.MessageDelta) events.get(5);
		assertThat(delta.stopReason()).isEqualTo(StopReason.MAX_TOKENS);
		assertThat(delta.usage().outputTokens()).isEqualTo(4);
		assertThat(events.get(6)).isInstanceOf(StreamEvent.MessageStop.class);
	}

	@Test
	void streamedToolCallsAndErrors() {
		String stream = """
				{"model":"m","message":{"role":"assistant","content":"","tool_calls":[{"function":{"name":"lookup","arguments":{"q":"x"}}}]},"done":false}
				{"model":"m","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop","prompt_eval_count":1,"eval_count":2}
				""";
		List<StreamEvent> events = new ArrayList<>();
		OllamaStreamDecoder decoder = new OllamaStreamDecoder();
		decoder.decode(ByteBuffer.wrap(stream.getBytes(StandardCharsets.UTF_8)), events::add);
		decoder.end(events::add);
		assertThat(events.get(1)).isInstanceOfSatisfying(StreamEvent.ToolCallStart.class,
				s -> assertThat(s.name()).isEqualTo("lookup"));
		assertThat(events.get(2)).isEqualTo(new StreamEvent.ToolCallDelta(0, "{\"q\":\"x\"}"));
		assertThat(((StreamEvent.MessageDelta) events.get(4)).stopReason()).isEqualTo(StopReason.TOOL_USE);

		List<StreamEvent> failed = new ArrayList<>();
		OllamaStreamDecoder broken = new OllamaStreamDecoder();
		broken.decode(ByteBuffer.wrap("{\"error\":\"model not found\"}\n".getBytes(StandardCharsets.UTF_8)),
				failed::add);
		broken.end(failed::add);
		assertThat(failed).hasSize(1);
		assertThat(((StreamEvent.Error) failed.get(0)).error().message()).contains("model not found");

		List<StreamEvent> cut = new ArrayList<>();
		OllamaStreamDecoder cutDecoder = new OllamaStreamDecoder();
		cutDecoder.decode(ByteBuffer.wrap("{\"message\":{\"content\":\"a\"},\"done\":false}\n"
			.getBytes(StandardCharsets.UTF_8)), cut::add);
		cutDecoder.end(cut::add);
		assertThat(cut.get(cut.size() - 1)).isInstanceOf(StreamEvent.Error.class);
	}

	@Test
	void errors() {
		assertThat(codec.decodeError(404, "{\"error\":\"model 'x' not found\"}".getBytes(StandardCharsets.UTF_8)).type())
			.isEqualTo(ErrorType.NOT_FOUND);
	}
}
