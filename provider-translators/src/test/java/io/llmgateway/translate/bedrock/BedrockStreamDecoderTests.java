package io.llmgateway.translate.bedrock;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.llmgateway.translate.model.ErrorType;
import io.llmgateway.translate.model.StopReason;
import io.llmgateway.translate.model.StreamEvent;
import org.junit.jupiter.api.Test;
import software.amazon.eventstream.HeaderValue;
import software.amazon.eventstream.Message;

import static org.assertj.core.api.Assertions.assertThat;

class BedrockStreamDecoderTests {

	/** A frame as Bedrock sends it, encoded (with both CRCs) by AWS's own event-stream library. */
	static byte[] event(String type, String json) {
		Map<String, HeaderValue> headers = new LinkedHashMap<>();
		headers.put(":event-type", HeaderValue.fromString(type));
		headers.put(":content-type", HeaderValue.fromString("application/json"));
		headers.put(":message-type", HeaderValue.fromString("event"));
		return new Message(headers, json.getBytes(StandardCharsets.UTF_8)).toByteBuffer().array();
	}

	static byte[] exception(String type, String message) {
		Map<String, HeaderValue> headers = new LinkedHashMap<>();
		headers.put(":exception-type", HeaderValue.fromString(type));
		headers.put(":content-type", HeaderValue.fromString("application/json"));
		headers.put(":message-type", HeaderValue.fromString("exception"));
		return new Message(headers, ("{\"message\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8))
			.toByteBuffer()
			.array();
	}

	static byte[] transcript() {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (byte[] frame : List.of(event("messageStart", "{\"role\":\"assistant\",\"p\":\"abc\"}"),
				event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"It is\"}}"),
				event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\" 4°C ☀\"}}"),
				event("contentBlockStop", "{\"contentBlockIndex\":0}"),
				event("contentBlockStart",
						"{\"contentBlockIndex\":1,\"start\":{\"toolUse\":{\"toolUseId\":\"tooluse_2\",\"name\":\"get_weather\"}}}"),
				event("contentBlockDelta",
						"{\"contentBlockIndex\":1,\"delta\":{\"toolUse\":{\"input\":\"{\\\"city\\\":\\\"Os\"}}}"),
				event("contentBlockDelta", "{\"contentBlockIndex\":1,\"delta\":{\"toolUse\":{\"input\":\"lo\\\"}\"}}}"),
				event("contentBlockStop", "{\"contentBlockIndex\":1}"), event("messageStop", "{\"stopReason\":\"tool_use\"}"),
				event("metadata",
						"{\"usage\":{\"inputTokens\":30,\"outputTokens\":25,\"totalTokens\":55},\"metrics\":{\"latencyMs\":900}}"))) {
			out.writeBytes(frame);
		}
		return out.toByteArray();
	}

	private static List<StreamEvent> decodeInPieces(byte[] bytes, int pieceSize) {
		BedrockStreamDecoder decoder = new BedrockStreamDecoder();
		List<StreamEvent> events = new ArrayList<>();
		for (int i = 0; i < bytes.length; i += pieceSize) {
			decoder.decode(ByteBuffer.wrap(bytes, i, Math.min(pieceSize, bytes.length - i)), events::add);
		}
		decoder.end(events::add);
		return events;
	}

	@Test
	void decodesAConverseStreamSplitAnywhere() {
		byte[] bytes = transcript();
		for (int piece : new int[] { 1, 3, 7, 64, bytes.length }) {
			List<StreamEvent> events = decodeInPieces(bytes, piece);
			assertThat(events).hasSize(11);
			assertThat(events.get(0)).isInstanceOf(StreamEvent.MessageStart.class);
			assertThat(events.get(1)).isEqualTo(new StreamEvent.TextStart(0));
			assertThat(events.get(2)).isEqualTo(new StreamEvent.TextDelta(0, "It is"));
			assertThat(events.get(3)).isEqualTo(new StreamEvent.TextDelta(0, " 4°C ☀"));
			assertThat(events.get(4)).isEqualTo(new StreamEvent.BlockStop(0));
			assertThat(events.get(5)).isEqualTo(new StreamEvent.ToolCallStart(1, "tooluse_2", "get_weather"));
			assertThat(events.get(6)).isEqualTo(new StreamEvent.ToolCallDelta(1, "{\"city\":\"Os"));
			assertThat(events.get(7)).isEqualTo(new StreamEvent.ToolCallDelta(1, "lo\"}"));
			assertThat(events.get(8)).isEqualTo(new StreamEvent.BlockStop(1));
			// the stop waits for the usage that Bedrock sends after messageStop
			StreamEvent.MessageDelta delta = (StreamEvent.MessageDelta) events.get(9);
			assertThat(delta.stopReason()).isEqualTo(StopReason.TOOL_USE);
			assertThat(delta.usage().inputTokens()).isEqualTo(30);
			assertThat(delta.usage().outputTokens()).isEqualTo(25);
			assertThat(events.get(10)).isInstanceOf(StreamEvent.MessageStop.class);
		}
	}

	@Test
	void aCorruptCrcIsAnError() {
		byte[] bytes = event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"hi\"}}");
		bytes[bytes.length - 6] ^= 0x20;
		List<StreamEvent> events = decodeInPieces(bytes, bytes.length);
		assertThat(events).hasSize(1);
		assertThat(((StreamEvent.Error) events.get(0)).error().type()).isEqualTo(ErrorType.BAD_GATEWAY);
	}

	@Test
	void anExceptionFrameIsAnInBandError() {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.writeBytes(event("messageStart", "{\"role\":\"assistant\"}"));
		out.writeBytes(exception("throttlingException", "Too many tokens"));
		List<StreamEvent> events = decodeInPieces(out.toByteArray(), 5);
		assertThat(events).hasSize(2);
		StreamEvent.Error error = (StreamEvent.Error) events.get(1);
		assertThat(error.error().type()).isEqualTo(ErrorType.RATE_LIMIT);
		assertThat(error.error().message()).contains("Too many tokens");
	}

	@Test
	void aCutStreamIsAnErrorButMissingMetadataIsNot() {
		byte[] cut = event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"hi\"}}");
		List<StreamEvent> events = decodeInPieces(cut, 4);
		assertThat(events.get(events.size() - 1)).isInstanceOf(StreamEvent.Error.class);

		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.writeBytes(cut);
		out.writeBytes(event("messageStop", "{\"stopReason\":\"end_turn\"}"));
		events = decodeInPieces(out.toByteArray(), 4);
		assertThat(events.get(events.size() - 2)).isEqualTo(new StreamEvent.MessageDelta(StopReason.END_TURN, null));
		assertThat(events.get(events.size() - 1)).isInstanceOf(StreamEvent.MessageStop.class);
	}

	@Test
	void reasoningDeltasBecomeThinking() {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.writeBytes(event("contentBlockDelta",
				"{\"contentBlockIndex\":0,\"delta\":{\"reasoningContent\":{\"text\":\"Let me think\"}}}"));
		out.writeBytes(event("contentBlockDelta",
				"{\"contentBlockIndex\":0,\"delta\":{\"reasoningContent\":{\"signature\":\"sig\"}}}"));
		out.writeBytes(event("contentBlockStop", "{\"contentBlockIndex\":0}"));
		out.writeBytes(event("messageStop", "{\"stopReason\":\"end_turn\"}"));
		List<StreamEvent> events = decodeInPieces(out.toByteArray(), 9);
		assertThat(events).contains(new StreamEvent.ThinkingStart(0),
				new StreamEvent.ThinkingDelta(0, "Let me think", null), new StreamEvent.ThinkingDelta(0, null, "sig"),
				new StreamEvent.BlockStop(0));
	}
}
