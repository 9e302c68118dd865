package io.llmgateway.translate.bedrock;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import io.llmgateway.translate.anthropic.AnthropicClientCodec;
import io.llmgateway.translate.codec.EncodeOptions;
import io.llmgateway.translate.codec.StreamDecoder;
import io.llmgateway.translate.model.ChatRequest;
import io.llmgateway.translate.model.ErrorType;
import io.llmgateway.translate.model.StopReason;
import io.llmgateway.translate.model.StreamEvent;
import io.llmgateway.translate.mapping.Json;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** Claude on Bedrock through InvokeModel: the Anthropic client's body, and Anthropic events in chunk frames. */
class BedrockClaudeUpstreamCodecTests {

	private final BedrockClaudeUpstreamCodec codec = new BedrockClaudeUpstreamCodec();

	private static byte[] chunk(String anthropicEvent) {
		String bytes = Base64.getEncoder().encodeToString(anthropicEvent.getBytes(StandardCharsets.UTF_8));
		return BedrockStreamDecoderTests.event("chunk", "{\"bytes\":\"" + bytes + "\"}");
	}

	private static byte[] stream(boolean complete) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.writeBytes(chunk("{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":"
				+ "\"assistant\",\"model\":\"claude\",\"content\":[],\"usage\":{\"input_tokens\":11,\"output_tokens\":1}}}"));
		out.writeBytes(chunk("{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"));
		out.writeBytes(chunk("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"4°C ☀\"}}"));
		if (complete) {
			out.writeBytes(chunk("{\"type\":\"content_block_stop\",\"index\":0}"));
			out.writeBytes(chunk("{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":6}}"));
			out.writeBytes(chunk("{\"type\":\"message_stop\"}"));
		}
		return out.toByteArray();
	}

	private static List<StreamEvent> decode(StreamDecoder decoder, byte[] bytes, int piece) {
		List<StreamEvent> events = new ArrayList<>();
		for (int i = 0; i < bytes.length; i += piece) {
			decoder.decode(ByteBuffer.wrap(bytes, i, Math.min(piece, bytes.length - i)), events::add);
		}
		decoder.end(events::add);
		return events;
	}

	@Test
	void theBodyIsTheClientsOwnWithBedrocksVersionAndBetas() {
		ChatRequest request = new AnthropicClientCodec().decodeRequest(("{\"model\":\"alias\",\"max_tokens\":64,\"stream\":true,"
				+ "\"context_management\":{\"edits\":[]},\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},"
				+ "{\"role\":\"system\",\"content\":\"Plan mode.\"}]}").getBytes(StandardCharsets.UTF_8));
		request.forwardHeaders().put("anthropic-beta", "context-management-2025-06-27, effort-2025-11-24");

		JsonNode body = Json.MAPPER.readTree(codec.encodeRequest(request,
				EncodeOptions.forModel("anthropic.claude-x")));

		assertThat(body.has("model")).isFalse();
		assertThat(body.has("stream")).isFalse();
		assertThat(body.get("anthropic_version").asString()).isEqualTo("bedrock-2023-05-31");
		assertThat(body.get("anthropic_beta").toString()).isEqualTo("[\"context-management-2025-06-27\",\"effort-2025-11-24\"]");
		assertThat(body.at("/messages/1/role").asString()).isEqualTo("system");
		assertThat(body.has("context_management")).isTrue();
		assertThat(request.droppedParams()).isEmpty();
	}

	@Test
	void decodesAnthropicEventsFromChunkFramesSplitAnywhere() {
		byte[] bytes = stream(true);
		for (int piece : new int[] { 1, 5, 64, bytes.length }) {
			List<StreamEvent> events = decode(codec.newStreamDecoder(new ChatRequest()), bytes, piece);
			assertThat(events).first().isInstanceOf(StreamEvent.MessageStart.class);
			assertThat(events).filteredOn(StreamEvent.TextDelta.class::isInstance)
				.extracting(e -> ((StreamEvent.TextDelta) e).text())
				.containsExactly("4°C ☀");
			assertThat(events).filteredOn(StreamEvent.MessageDelta.class::isInstance)
				.extracting(e -> ((StreamEvent.MessageDelta) e).stopReason())
				.containsExactly(StopReason.END_TURN);
			assertThat(events).last().isInstanceOf(StreamEvent.MessageStop.class);
			assertThat(events).noneMatch(StreamEvent.Error.class::isInstance);
		}
	}

	@Test
	void anExceptionFrameOrACutStreamEndsWithOneError() {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.writeBytes(stream(false));
		out.writeBytes(BedrockStreamDecoderTests.exception("throttlingException", "Too many requests"));
		List<StreamEvent> throttled = decode(codec.newStreamDecoder(new ChatRequest()), out.toByteArray(), 7);
		assertThat(throttled).filteredOn(StreamEvent.Error.class::isInstance).hasSize(1);
		assertThat(((StreamEvent.Error) throttled.get(throttled.size() - 1)).error().type())
			.isEqualTo(ErrorType.RATE_LIMIT);

		List<StreamEvent> cut = decode(codec.newStreamDecoder(new ChatRequest()), stream(false), 64);
		assertThat(cut).last().isInstanceOf(StreamEvent.Error.class);
	}
}
