package io.llmgateway.translate.openai;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.llmgateway.translate.codec.EncodeOptions;
import io.llmgateway.translate.model.ChatRequest;
import io.llmgateway.translate.model.ChatResponse;
import io.llmgateway.translate.model.ContentPart;
import io.llmgateway.translate.model.ErrorType;
import io.llmgateway.translate.model.LlmError;
import io.llmgateway.translate.model.LlmException;
import io.llmgateway.translate.model.Role;
import io.llmgateway.translate.model.StopReason;
import io.llmgateway.translate.model.StreamEvent;
import io.llmgateway.translate.model.ToolChoice;
import io.llmgateway.translate.model.Usage;
import io.llmgateway.translate.stream.ResponseAccumulator;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OpenAiCodecsTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final OpenAiClientCodec client = new OpenAiClientCodec();

	private static byte[] bytes(String s) {
		return s.getBytes(StandardCharsets.UTF_8);
	}

	private static final String REQUEST = """
			{"model":"gpt-4o-mini","messages":[{"role":"system","content":"Be brief."},
			 {"role":"user","content":[{"type":"text","text":"What is this?"},
			   {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBOR","detail":"low"}}]},
			 {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function",
			   "function":{"name":"get_weather","arguments":"{\\"city\\":\\"Oslo\\"}"}}]},
			 {"role":"tool","tool_call_id":"call_1","content":"{\\"temp_c\\":4}"}],
			 "tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object"}}}],
			 "tool_choice":{"type":"function","function":{"name":"get_weather"}},
			 "max_tokens":256,"temperature":0.2,"stop":"END","stream":true,
			 "stream_options":{"include_usage":true},"seed":7,"user":"u1","logit_bias":{"50256":-100},"store":false}""";

	@Test
	void decodesEveryCanonicalFieldAndKeepsTheRestAsExtra() {
		ChatRequest r = client.decodeRequest(bytes(REQUEST));
		assertThat(r.model()).isEqualTo("gpt-4o-mini");
		assertThat(r.messages()).extracting(m -> m.role())
			.containsExactly(Role.SYSTEM, Role.USER, Role.ASSISTANT, Role.TOOL);
		assertThat(r.messages().get(1).content().get(1))
			.isEqualTo(new ContentPart.Image("image/png", "iVBOR", null, "low"));
		assertThat(r.messages().get(2).content())
			.containsExactly(new ContentPart.ToolCall("call_1", "get_weather", "{\"city\":\"Oslo\"}"));
		assertThat(r.messages().get(3).content().get(0)).isInstanceOf(ContentPart.ToolResult.class);
		assertThat(r.toolChoice()).isEqualTo(new ToolChoice(ToolChoice.Mode.TOOL, "get_weather"));
		assertThat(r.maxTokens()).isEqualTo(256);
		assertThat(r.stop()).containsExactly("END");
		assertThat(r.stream()).isTrue();
		assertThat(r.includeUsage()).isTrue();
		assertThat(r.seed()).isEqualTo(7L);
		assertThat(r.user()).isEqualTo("u1");
		assertThat(r.extra()).containsKeys("logit_bias", "store", "stream_options");
	}

	@Test
	void reEncodesForTheUpstreamWithTheProviderModelAndForcedUsage() {
		ChatRequest r = client.decodeRequest(bytes(REQUEST));
		r.includeUsage(false);
		JsonNode out = JSON.readTree(OpenAiUpstreamCodec.OPENAI.encodeRequest(r, EncodeOptions.forModel("gpt-4o-2024")));
		assertThat(out.get("model").stringValue()).isEqualTo("gpt-4o-2024");
		assertThat(out.get("max_completion_tokens").intValue()).isEqualTo(256);
		assertThat(out.get("stream_options").get("include_usage").booleanValue()).isTrue();
		assertThat(out.get("messages").get(2).get("content").isNull()).isTrue();
		assertThat(out.get("messages").get(2).get("tool_calls").get(0).get("function").get("arguments").stringValue())
			.isEqualTo("{\"city\":\"Oslo\"}");
		assertThat(out.get("messages").get(3).get("tool_call_id").stringValue()).isEqualTo("call_1");
		assertThat(out.get("messages").get(1).get("content").get(1).get("image_url").get("url").stringValue())
			.isEqualTo("data:image/png;base64,iVBOR");
		assertThat(out.get("logit_bias").get("50256").intValue()).isEqualTo(-100);
		assertThat(out.get("store").booleanValue()).isFalse();
		assertThat(out.get("tool_choice").get("function").get("name").stringValue()).isEqualTo("get_weather");
		JsonNode compat = JSON.readTree(OpenAiUpstreamCodec.COMPATIBLE.encodeRequest(r, EncodeOptions.forModel("m")));
		assertThat(compat.get("max_tokens").intValue()).isEqualTo(256);
	}

	@Test
	void rejectsBadRequestsWithTheOffendingField() {
		assertThatThrownBy(() -> client.decodeRequest(bytes("{\"model\":")))
			.isInstanceOfSatisfying(LlmException.class, e -> assertThat(e.error().status()).isEqualTo(400));
		assertThatThrownBy(() -> client.decodeRequest(bytes("[1]"))).isInstanceOf(LlmException.class);
		assertThatThrownBy(() -> client.decodeRequest(bytes("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}")))
			.isInstanceOfSatisfying(LlmException.class, e -> assertThat(e.error().param()).isEqualTo("model"));
		assertThatThrownBy(() -> client.decodeRequest(bytes("{\"model\":\"m\",\"messages\":[]}")))
			.isInstanceOfSatisfying(LlmException.class, e -> assertThat(e.error().param()).isEqualTo("messages"));
		assertThatThrownBy(() -> client.decodeRequest(bytes("{\"model\":\"m\",\"messages\":[{\"role\":\"robot\"}]}")))
			.isInstanceOfSatisfying(LlmException.class,
					e -> assertThat(e.error().param()).isEqualTo("messages[0].role"));
		assertThatThrownBy(() -> client.decodeRequest(bytes("{\"model\":\"m\",\"messages\":[{\"role\":\"tool\",\"content\":\"x\"}]}")))
			.isInstanceOfSatisfying(LlmException.class,
					e -> assertThat(e.error().param()).isEqualTo("messages[0].tool_call_id"));
		assertThatThrownBy(() -> client.decodeRequest(bytes("{\"model\":\"m\",\"max_tokens\":\"lots\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}")))
			.isInstanceOfSatisfying(LlmException.class, e -> assertThat(e.error().param()).isEqualTo("max_tokens"));
	}

	@Test
	void decodesAPlainResponseWithUsageExcludingCachedTokens() {
		ChatResponse r = OpenAiUpstreamCodec.OPENAI.decodeResponse(bytes("""
				{"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"gpt-4o","choices":[{"index":0,
				"message":{"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function",
				"function":{"name":"f","arguments":"{}"}}]},"finish_reason":"stop"}],
				"usage":{"prompt_tokens":82,"completion_tokens":17,"total_tokens":99,
				"prompt_tokens_details":{"cached_tokens":64},"completion_tokens_details":{"reasoning_tokens":5}}}"""));
		assertThat(r.stopReason()).isEqualTo(StopReason.TOOL_USE);
		assertThat(r.content()).containsExactly(new ContentPart.ToolCall("c1", "f", "{}"));
		assertThat(r.usage()).isEqualTo(new Usage(18, 17, 64, 0, 5));
		JsonNode back = JSON.readTree(client.encodeResponse(r, "alias"));
		assertThat(back.get("model").stringValue()).isEqualTo("alias");
		assertThat(back.get("usage").get("prompt_tokens").longValue()).isEqualTo(82);
		assertThat(back.get("choices").get(0).get("finish_reason").stringValue()).isEqualTo("tool_calls");
	}

	@Test
	void decodesErrorsInEveryShape() {
		LlmError wrapped = OpenAiUpstreamCodec.OPENAI.decodeError(429, bytes(
				"{\"error\":{\"message\":\"slow down\",\"type\":\"requests\",\"param\":null,\"code\":\"rate_limit_exceeded\"}}"));
		assertThat(wrapped.status()).isEqualTo(429);
		assertThat(wrapped.type()).isEqualTo(ErrorType.RATE_LIMIT);
		assertThat(wrapped.message()).isEqualTo("slow down");
		LlmError flat = OpenAiUpstreamCodec.COMPATIBLE.decodeError(400,
				bytes("{\"object\":\"error\",\"message\":\"bad\",\"type\":\"invalid_request_error\",\"code\":\"context_length_exceeded\"}"));
		assertThat(flat.type()).isEqualTo(ErrorType.CONTEXT_WINDOW_EXCEEDED);
		assertThat(OpenAiUpstreamCodec.COMPATIBLE.decodeError(422, bytes("{\"detail\":\"nope\"}")).message()).isEqualTo("nope");
		assertThat(OpenAiUpstreamCodec.COMPATIBLE.decodeError(502, bytes("<html>bad gateway</html>")).message())
			.contains("502");
		JsonNode body = JSON.readTree(client.encodeError(wrapped));
		assertThat(body.get("error").get("type").stringValue()).isEqualTo("rate_limit_exceeded");
		assertThat(body.get("error").has("param")).isTrue();
	}

	static final String STREAM = """
			data: {"id":"chatcmpl-9","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}],"usage":null}

			data: {"id":"chatcmpl-9","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[{"index":0,"delta":{"content":"Hel"},"finish_reason":null}],"usage":null}

			: keep-alive

			data: {"id":"chatcmpl-9","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[{"index":0,"delta":{"content":"lo ✓"},"finish_reason":null}],"usage":null}

			data: {"id":"chatcmpl-9","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_A","type":"function","function":{"name":"get_weather","arguments":""}}]},"finish_reason":null}]}

			data: {"id":"chatcmpl-9","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\\"ci"}}]},"finish_reason":null}]}

			data: {"id":"chatcmpl-9","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"ty\\":\\"Oslo\\"}"}}]},"finish_reason":null}]}

			data: {"id":"chatcmpl-9","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}],"usage":null}

			data: {"id":"chatcmpl-9","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[],"usage":{"prompt_tokens":9,"completion_tokens":3,"total_tokens":12}}

			data: [DONE]

			""";

	private static List<StreamEvent> decode(byte[]... reads) {
		OpenAiStreamDecoder decoder = new OpenAiStreamDecoder();
		List<StreamEvent> events = new ArrayList<>();
		for (byte[] read : reads) {
			decoder.decode(ByteBuffer.wrap(read), events::add);
		}
		decoder.end(events::add);
		return events;
	}

	@Test
	void decodesAStreamIntoCanonicalEventsAtEverySplitPoint() {
		byte[] bytes = bytes(STREAM);
		List<StreamEvent> whole = decode(bytes);
		assertThat(whole).containsExactly(new StreamEvent.MessageStart("chatcmpl-9", "gpt-4o", null),
				new StreamEvent.TextStart(0), new StreamEvent.TextDelta(0, "Hel"), new StreamEvent.TextDelta(0, "lo ✓"),
				new StreamEvent.BlockStop(0), new StreamEvent.ToolCallStart(1, "call_A", "get_weather"),
				new StreamEvent.ToolCallDelta(1, "{\"ci"), new StreamEvent.ToolCallDelta(1, "ty\":\"Oslo\"}"),
				new StreamEvent.BlockStop(1), new StreamEvent.MessageDelta(StopReason.TOOL_USE, new Usage(9, 3, 0, 0, 0)),
				new StreamEvent.MessageStop());
		for (int split = 0; split <= bytes.length; split++) {
			assertThat(decode(java.util.Arrays.copyOfRange(bytes, 0, split),
					java.util.Arrays.copyOfRange(bytes, split, bytes.length)))
				.as("split at %d", split)
				.isEqualTo(whole);
		}
	}

	@Test
	void aCutStreamEndsWithAnError() {
		String cut = STREAM.substring(0, STREAM.indexOf("data: {\"id\":\"chatcmpl-9\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\""));
		List<StreamEvent> events = decode(bytes(cut));
		assertThat(events.get(events.size() - 1)).isInstanceOf(StreamEvent.Error.class);
	}

	@Test
	void anInBandProviderErrorBecomesAnErrorEvent() {
		List<StreamEvent> events = decode(bytes("data: {\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}\n\n"));
		assertThat(events).hasSize(1);
		assertThat(((StreamEvent.Error) events.get(0)).error().message()).isEqualTo("overloaded");
	}

	@Test
	void encoderRoundTripsThroughTheDecoderAndWritesUsageOnlyWhenAsked() {
		List<StreamEvent> events = decode(bytes(STREAM));
		OpenAiStreamEncoder withUsage = new OpenAiStreamEncoder("alias", true);
		StringBuilder sse = new StringBuilder();
		for (StreamEvent e : events) {
			byte[] out = withUsage.encode(e);
			if (out != null) {
				sse.append(new String(out, StandardCharsets.UTF_8));
			}
		}
		assertThat(sse).contains("\"choices\":[]").endsWith("data: [DONE]\n\n").contains("\"model\":\"alias\"");
		List<StreamEvent> again = decode(bytes(sse.toString()));
		assertThat(again.get(0)).isEqualTo(new StreamEvent.MessageStart("chatcmpl-9", "alias", null));
		assertThat(again.subList(1, again.size())).isEqualTo(events.subList(1, events.size()));

		OpenAiStreamEncoder withoutUsage = new OpenAiStreamEncoder("alias", false);
		StringBuilder plain = new StringBuilder();
		events.forEach(e -> {
			byte[] out = withoutUsage.encode(e);
			if (out != null) {
				plain.append(new String(out, StandardCharsets.UTF_8));
			}
		});
		assertThat(plain).doesNotContain("\"choices\":[]").endsWith("data: [DONE]\n\n");
	}

	@Test
	void accumulatorAssemblesTheStreamedAnswer() {
		ResponseAccumulator accumulator = new ResponseAccumulator();
		decode(bytes(STREAM)).forEach(accumulator);
		ChatResponse response = accumulator.response();
		assertThat(response.content()).containsExactly(new ContentPart.Text("Hello ✓"),
				new ContentPart.ToolCall("call_A", "get_weather", "{\"city\":\"Oslo\"}"));
		assertThat(response.stopReason()).isEqualTo(StopReason.TOOL_USE);
		assertThat(response.usage().totalTokens()).isEqualTo(12);
		assertThat(response.id()).isEqualTo("chatcmpl-9");
	}

	@Test
	void accumulatorHasNoResponseForACutStream() {
		ResponseAccumulator accumulator = new ResponseAccumulator();
		decode(bytes(STREAM.substring(0, 400))).forEach(accumulator);
		assertThat(accumulator.isComplete()).isFalse();
		assertThat(accumulator.response()).isNull();
		assertThat(accumulator.error()).isNotNull();
		assertThat(accumulator.snapshot().content()).isNotEmpty();
	}

	@Test
	void chunkInspectionParsesOnlyUsageAndErrors() {
		assertThat(OpenAiChunks.inspect("{\"choices\":[{\"delta\":{\"content\":\"x\"}}],\"usage\":null}").usage()).isNull();
		OpenAiChunks.Inspection usage = OpenAiChunks.inspect(
				"{\"choices\":[],\"usage\": {\"prompt_tokens\":3,\"completion_tokens\":2,\"total_tokens\":5}}");
		assertThat(usage.usageOnly()).isTrue();
		assertThat(usage.usage().totalTokens()).isEqualTo(5);
		assertThat(OpenAiChunks.inspect("{\"error\":{\"message\":\"boom\"}}").error().message()).isEqualTo("boom");
		assertThat(OpenAiChunks.usageOfBody(bytes("{\"id\":\"x\",\"choices\":[{\"message\":{\"content\":\"{\\\"usage\\\":1}\"}}],"
				+ "\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":1,\"total_tokens\":8}}")).totalTokens()).isEqualTo(8);
		assertThat(OpenAiChunks.usageOfBody(bytes("{\"id\":\"x\"}"))).isNull();
		assertThat(OpenAiChunks.usageOfBody(bytes("not json"))).isNull();
	}

	@Test
	void chunkInspectionReadsThePayloadWhereItLiesInTheFrame() {
		String usageChunk = "{\"id\":\"c\",\"choices\":[],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":9,"
				+ "\"total_tokens\":21,\"prompt_tokens_details\":{\"cached_tokens\":4}}}";
		byte[] frame = ("data: " + usageChunk + "\n\n").getBytes(StandardCharsets.UTF_8);
		OpenAiChunks.Inspection seen = OpenAiChunks.inspect(frame, 6, usageChunk.length());
		assertThat(seen.usageOnly()).isTrue();
		assertThat(seen.usage().totalTokens()).isEqualTo(21);
		assertThat(seen.usage().cacheReadTokens()).isEqualTo(4);
		assertThat(seen.error()).isNull();

		OpenAiChunks.Inspection withContent = inFrame("{\"choices\":[{\"delta\":{\"content\":"
				+ "\"é \\\"usage\\\": {\"},\"finish_reason\":\"stop\"},{\"index\":1}],\"usage\":{\"prompt_tokens\":1,"
				+ "\"completion_tokens\":1,\"total_tokens\":2}}");
		assertThat(withContent.usageOnly()).as("choices are not empty").isFalse();
		assertThat(withContent.usage().totalTokens()).isEqualTo(2);

		assertThat(inFrame("{\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":0,"
				+ "\"total_tokens\":1}}").usageOnly()).as("no choices at all").isTrue();
		assertThat(inFrame("{\"usage\":{\"prompt_tokens\":1,"))
			.isSameAs(OpenAiChunks.Inspection.NOTHING);
		assertThat(inFrame("{\"error\":null,\"choices\":[]}").error()).isNull();
		assertThat(inFrame("{\"error\":{\"message\":\"boom\",\"type\":\"server_error\"}}")
			.error()
			.message()).isEqualTo("boom");
	}

	/** The payload inside a frame, with bytes before and after it, as the relay passes it. */
	private static OpenAiChunks.Inspection inFrame(String payload) {
		byte[] p = payload.getBytes(StandardCharsets.UTF_8);
		byte[] frame = new byte[p.length + 12];
		System.arraycopy("data: ".getBytes(StandardCharsets.US_ASCII), 0, frame, 0, 6);
		System.arraycopy(p, 0, frame, 6, p.length);
		frame[6 + p.length] = '\n';
		frame[7 + p.length] = '\n';
		return OpenAiChunks.inspect(frame, 6, p.length);
	}
}
