package io.llmgateway.translate.stream;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.llmgateway.translate.codec.StreamDecoder;
import io.llmgateway.translate.codec.StreamEncoder;
import io.llmgateway.translate.model.ChatResponse;
import io.llmgateway.translate.model.ContentPart;
import io.llmgateway.translate.model.StopReason;
import io.llmgateway.translate.model.StreamEvent;
import io.llmgateway.translate.model.Usage;
import io.llmgateway.translate.openai.OpenAiClientCodec;
import io.llmgateway.translate.openai.OpenAiUpstreamCodec;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ResponseReplayTests {

	@Test
	void replaysTextToolCallAndThinkingInOrder() {
		Usage usage = new Usage(10, 5, 2, 1, 0);
		ChatResponse response = new ChatResponse("msg_1", "gpt-4o",
				List.of(new ContentPart.Thinking("hmm", "sig", false), new ContentPart.Text("Hello"),
						new ContentPart.ToolCall("call_1", "get_weather", "{\"city\":\"Paris\"}")),
				StopReason.TOOL_USE, usage, 1700000000L);

		List<StreamEvent> events = ResponseReplay.events(response);

		assertThat(events).containsExactly(new StreamEvent.MessageStart("msg_1", "gpt-4o", new Usage(10, 0, 2, 1, 0)),
				new StreamEvent.ThinkingStart(0), new StreamEvent.ThinkingDelta(0, "hmm", null),
				new StreamEvent.ThinkingDelta(0, null, "sig"), new StreamEvent.BlockStop(0),
				new StreamEvent.TextStart(1), new StreamEvent.TextDelta(1, "Hello"), new StreamEvent.BlockStop(1),
				new StreamEvent.ToolCallStart(2, "call_1", "get_weather"),
				new StreamEvent.ToolCallDelta(2, "{\"city\":\"Paris\"}"), new StreamEvent.BlockStop(2),
				new StreamEvent.MessageDelta(StopReason.TOOL_USE, usage), new StreamEvent.MessageStop());
	}

	@Test
	void reassemblingTheReplayGivesBackTheAnswer() {
		ChatResponse response = new ChatResponse("msg_1", "claude-x",
				List.of(new ContentPart.Thinking("hmm", "sig", false), new ContentPart.Text("Hello 🙂"),
						new ContentPart.ToolCall("call_1", "get_weather", "{\"city\":\"Paris\"}")),
				StopReason.TOOL_USE, new Usage(10, 5, 2, 1, 3), 1700000000L);
		ResponseAccumulator accumulator = new ResponseAccumulator();

		ResponseReplay.replay(response, accumulator);

		ChatResponse again = accumulator.response();
		assertThat(again).isNotNull();
		assertThat(new ChatResponse(again.id(), again.model(), again.content(), again.stopReason(), again.usage(),
				response.created())).isEqualTo(response);
	}

	@Test
	void aReplayThroughTheOpenAiStreamEncoderDecodesToTheSameAnswer() {
		ChatResponse response = new ChatResponse("chatcmpl-1", "gpt-4o",
				List.of(new ContentPart.Text("Paris is \"the\" capital.\n"),
						new ContentPart.ToolCall("call_1", "get_weather", "{\"city\":\"Paris\"}")),
				StopReason.TOOL_USE, new Usage(10, 5, 0, 0, 0), 1700000000L);
		StreamEncoder encoder = new OpenAiClientCodec().newStreamEncoder("gpt-4o", true);
		ByteArrayOutputStream sse = new ByteArrayOutputStream();
		ResponseReplay.replay(response, event -> {
			byte[] frame = encoder.encode(event);
			if (frame != null) {
				sse.writeBytes(frame);
			}
		});
		StreamDecoder decoder = OpenAiUpstreamCodec.OPENAI.newStreamDecoder();
		ResponseAccumulator accumulator = new ResponseAccumulator();

		decoder.decode(ByteBuffer.wrap(sse.toByteArray()), accumulator);
		decoder.end(accumulator);

		assertThat(sse.toString(StandardCharsets.UTF_8)).endsWith("data: [DONE]\n\n");
		ChatResponse decoded = accumulator.response();
		assertThat(decoded).isNotNull();
		assertThat(decoded.content()).isEqualTo(response.content());
		assertThat(decoded.stopReason()).isEqualTo(StopReason.TOOL_USE);
		assertThat(decoded.usage()).isEqualTo(response.usage());
	}

	@Test
	void emptyAnswerStillHasStartDeltaAndStop() {
		ChatResponse response = new ChatResponse("id", "m", List.of(), StopReason.END_TURN, null, 0);

		assertThat(ResponseReplay.events(response)).containsExactly(new StreamEvent.MessageStart("id", "m", null),
				new StreamEvent.MessageDelta(StopReason.END_TURN, null), new StreamEvent.MessageStop());
	}

	@Test
	void imagesHaveNoStreamForm() {
		ChatResponse withImage = new ChatResponse("id", "m",
				List.of(new ContentPart.Image("image/png", "AAAA", null, null)), StopReason.END_TURN, null, 0);
		ChatResponse textOnly = new ChatResponse("id", "m", List.of(new ContentPart.Text("x")), StopReason.END_TURN,
				null, 0);

		assertThat(ResponseReplay.canReplay(withImage)).isFalse();
		assertThat(ResponseReplay.canReplay(textOnly)).isTrue();
	}
}
