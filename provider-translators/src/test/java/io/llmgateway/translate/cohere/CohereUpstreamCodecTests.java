package io.llmgateway.translate.cohere;

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
import io.llmgateway.translate.model.ToolChoice;
import io.llmgateway.translate.model.ToolDefinition;
import io.llmgateway.translate.mapping.Json;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class CohereUpstreamCodecTests {

	private final CohereUpstreamCodec codec = new CohereUpstreamCodec();

	@Test
	void encodesV2Chat() {
		ChatRequest r = new ChatRequest().model("command").topP(1.0).topK(10).stop(List.of("END")).maxTokens(50);
		r.system().add(new ContentPart.Text("Be brief."));
		r.messages().add(Message.text(Role.USER, "Weather in Madrid?"));
		r.messages().add(new Message(Role.ASSISTANT,
				List.of(new ContentPart.ToolCall("get_weather_ab12", "get_weather", "{\"location\":\"Madrid\"}")), null));
		r.messages().add(new Message(Role.TOOL, List.of(new ContentPart.ToolResult("get_weather_ab12", "get_weather",
				List.of(new ContentPart.Text("{\"temp_c\":24}")), false)), null));
		r.tools().add(new ToolDefinition("get_weather", "w", null, null));
		r.tools().add(new ToolDefinition("other", "o", null, null));
		r.toolChoice(new ToolChoice(ToolChoice.Mode.TOOL, "get_weather"));
		JsonNode body = Json.MAPPER.readTree(codec.encodeRequest(r, EncodeOptions.forModel("command-a-03-2025")));
		assertThat(body.get("model").asString()).isEqualTo("command-a-03-2025");
		assertThat(body.at("/messages/0/role").asString()).isEqualTo("system");
		assertThat(body.at("/messages/1/content").asString()).isEqualTo("Weather in Madrid?");
		assertThat(body.at("/messages/2/tool_calls/0/function/arguments").asString())
			.isEqualTo("{\"location\":\"Madrid\"}");
		assertThat(body.at("/messages/3/role").asString()).isEqualTo("tool");
		assertThat(body.at("/messages/3/tool_call_id").asString()).isEqualTo("get_weather_ab12");
		assertThat(body.at("/messages/3/content/0/document/data").asString()).isEqualTo("{\"temp_c\":24}");
		assertThat(body.get("tools").size()).isEqualTo(1);
		assertThat(body.get("tool_choice").asString()).isEqualTo("REQUIRED");
		assertThat(body.get("p").asDouble()).isEqualTo(0.99);
		assertThat(body.get("k").asInt()).isEqualTo(10);
		assertThat(body.at("/stop_sequences/0").asString()).isEqualTo("END");
	}

	@Test
	void decodesResponse() {
		String json = """
				{"id":"5a1e","finish_reason":"TOOL_CALL","message":{"role":"assistant","content":[{"type":"text","text":"Looking."}],
				 "tool_plan":"I will look it up.","tool_calls":[{"id":"get_weather_1","type":"function","function":{"name":"get_weather","arguments":"{\\"location\\":\\"Madrid\\"}"}}]},
				 "usage":{"billed_units":{"input_tokens":40,"output_tokens":9},"tokens":{"input_tokens":210,"output_tokens":9}}}""";
		ChatResponse r = codec.decodeResponse(json.getBytes(StandardCharsets.UTF_8));
		assertThat(r.id()).isEqualTo("5a1e");
		assertThat(r.stopReason()).isEqualTo(StopReason.TOOL_USE);
		assertThat(r.content()).containsExactly(new ContentPart.Text("Looking."),
				new ContentPart.ToolCall("get_weather_1", "get_weather", "{\"location\":\"Madrid\"}"));
		assertThat(r.usage().inputTokens()).isEqualTo(210);
		assertThat(r.usage().outputTokens()).isEqualTo(9);
	}

	@Test
	void decodesStream() {
		String sse = """
				event: message-start
				data: {"id":"abc","type":"message-start","delta":{"message":{"role":"assistant"}}}

				data: {"type":"tool-plan-delta","delta":{"message":{"tool_plan":"I will"}}}

				data: {"type":"content-start","index":0,"delta":{"message":{"content":{"type":"text","text":""}}}}

				data: {"type":"content-delta","index":0,"delta":{"message":{"content":{"text":"It is"}}}}

				data: {"type":"content-end","index":0}

				data: {"type":"tool-call-start","index":0,"delta":{"message":{"tool_calls":{"id":"gw_1","type":"function","function":{"name":"get_weather","arguments":""}}}}}

				data: {"type":"tool-call-delta","index":0,"delta":{"message":{"tool_calls":{"function":{"arguments":"{\\"location\\":"}}}}}

				data: {"type":"tool-call-delta","index":0,"delta":{"message":{"tool_calls":{"function":{"arguments":"\\"Madrid\\"}"}}}}}

				data: {"type":"tool-call-end","index":0}

				data: {"type":"message-end","delta":{"finish_reason":"TOOL_CALL","usage":{"billed_units":{"input_tokens":40,"output_tokens":20},"tokens":{"input_tokens":210,"output_tokens":20}}}}

				""".replace("\n", "\r\n");
		byte[] bytes = sse.getBytes(StandardCharsets.UTF_8);
		CohereStreamDecoder decoder = new CohereStreamDecoder();
		List<StreamEvent> events = new ArrayList<>();
		for (int i = 0; i < bytes.length; i += 5) {
			decoder.decode(ByteBuffer.wrap(bytes, i, Math.min(5, bytes.length - i)), events::add);
		}
		decoder.end(events::add);
		assertThat(events).containsExactly(new StreamEvent.MessageStart("abc", null, null), new StreamEvent.TextStart(0),
				new StreamEvent.TextDelta(0, "It is"), new StreamEvent.BlockStop(0),
				new StreamEvent.ToolCallStart(1, "gw_1", "get_weather"),
				new StreamEvent.ToolCallDelta(1, "{\"location\":"), new StreamEvent.ToolCallDelta(1, "\"Madrid\"}"),
				new StreamEvent.BlockStop(1),
				new StreamEvent.MessageDelta(StopReason.TOOL_USE, new io.llmgateway.translate.model.Usage(210, 20, 0, 0, 0)),
				new StreamEvent.MessageStop());
	}

	@Test
	void errors() {
		assertThat(codec.decodeError(498, "{\"message\":\"invalid api token\"}".getBytes(StandardCharsets.UTF_8)).type())
			.isEqualTo(ErrorType.AUTHENTICATION);
		assertThat(codec.decodeError(429, "{\"message\":\"slow down\"}".getBytes(StandardCharsets.UTF_8)).type())
			.isEqualTo(ErrorType.RATE_LIMIT);
	}
}
