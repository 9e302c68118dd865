package io.llmgateway.translate.anthropic;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.llmgateway.translate.model.ErrorType;
import io.llmgateway.translate.model.LlmError;
import io.llmgateway.translate.model.StopReason;
import io.llmgateway.translate.model.StreamEvent;
import io.llmgateway.translate.model.Usage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AnthropicStreamEncoderTests {

	private static String run(List<StreamEvent> events) {
		AnthropicStreamEncoder encoder = new AnthropicStreamEncoder("m");
		StringBuilder sb = new StringBuilder();
		for (StreamEvent e : events) {
			byte[] b = encoder.encode(e);
			if (b != null) {
				sb.append(new String(b, StandardCharsets.UTF_8));
			}
		}
		return sb.toString();
	}

	@Test
	void emptyTextBlocksAreNeverOpenedAndToolOnlyAnswersHaveNoTextBlock() {
		String out = run(List.of(new StreamEvent.MessageStart("x", "m", null), new StreamEvent.TextStart(0),
				new StreamEvent.TextDelta(0, ""), new StreamEvent.BlockStop(0), new StreamEvent.ToolCallStart(1, "call_1", "f"),
				new StreamEvent.ToolCallDelta(1, "{\"a\":"), new StreamEvent.ToolCallDelta(1, "1}"), new StreamEvent.BlockStop(1),
				new StreamEvent.MessageDelta(StopReason.END_TURN, new Usage(10, 5, 1800, 0, 0)), new StreamEvent.MessageStop()));
		assertThat(out).doesNotContain("\"type\":\"text\"");
		assertThat(out).contains("\"index\":0,\"content_block\":{\"type\":\"tool_use\",\"id\":\"call_1\"");
		assertThat(out).contains("\"stop_reason\":\"tool_use\"");
		assertThat(out).contains("\"usage\":{\"input_tokens\":10,\"cache_creation_input_tokens\":0,"
				+ "\"cache_read_input_tokens\":1800,\"output_tokens\":5}");
		assertThat(out).endsWith("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
	}

	@Test
	void contentWithoutStartOrDeltaStillYieldsAWellFormedStream() {
		String out = run(List.of(new StreamEvent.TextDelta(3, "hi"), new StreamEvent.MessageStop(),
				new StreamEvent.TextDelta(3, "ignored")));
		assertThat(out).startsWith("event: message_start");
		assertThat(out).contains("content_block_start", "text_delta", "content_block_stop", "message_delta",
				"message_stop");
		assertThat(out).doesNotContain("ignored");
	}

	@Test
	void anErrorEndsTheStreamInBand() {
		String out = run(List.of(new StreamEvent.MessageStart("x", "m", null), new StreamEvent.TextDelta(0, "a"),
				new StreamEvent.Error(LlmError.of(ErrorType.OVERLOADED, "busy")), new StreamEvent.MessageStop()));
		assertThat(out).endsWith("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\","
				+ "\"message\":\"busy\"}}\n\n");
	}

	@Test
	void lateFragmentsOfAClosedToolBlockAreDropped() {
		String out = run(List.of(new StreamEvent.ToolCallStart(0, "a", "f"), new StreamEvent.ToolCallStart(1, "b", "g"),
				new StreamEvent.ToolCallDelta(0, "{}"), new StreamEvent.MessageStop()));
		assertThat(out).doesNotContain("input_json_delta");
		assertThat(out).contains("\"index\":1,\"content_block\":{\"type\":\"tool_use\",\"id\":\"b\"");
	}
}
