package io.llmgateway.gateway.translate;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import io.llmgateway.gateway.core.LlmExchange;
import io.llmgateway.translate.Protocol;
import io.llmgateway.translate.model.ChatRequest;
import io.llmgateway.translate.openai.OpenAiClientCodec;
import io.llmgateway.translate.openai.OpenAiUpstreamCodec;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The OpenAI → OpenAI stream relay: content events forwarded as they arrived, usage, errors and the end read. */
class StreamRelayPassThroughTests {

	private static final String CONTENT_1 = "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"}}]}\n\n";

	private static final String CONTENT_2 = "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"lo\"}}]}\n\n";

	private static final String USAGE = "data: {\"id\":\"c\",\"choices\":[],\"usage\":{\"prompt_tokens\":12,"
			+ "\"completion_tokens\":9,\"total_tokens\":21}}\n\n";

	private static final String DONE = "data: [DONE]\n\n";

	private LlmExchange llm;

	private StreamRelay relay(boolean clientWantsUsage) {
		ChatRequest request = new ChatRequest().model("m").stream(true).includeUsage(clientWantsUsage);
		llm = new LlmExchange("req", Protocol.OPENAI, new OpenAiClientCodec(), new byte[0], request);
		return new StreamRelay(llm, OpenAiUpstreamCodec.COMPATIBLE);
	}

	private static byte[] bytes(String s) {
		return s.getBytes(StandardCharsets.UTF_8);
	}

	private static String feedAll(StreamRelay relay, String... reads) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (String read : reads) {
			write(out, relay.onChunk(bytes(read)));
		}
		write(out, relay.onEnd());
		return out.toString(StandardCharsets.UTF_8);
	}

	private static void write(ByteArrayOutputStream out, ByteBuffer frames) {
		if (frames != null) {
			out.write(frames.array(), frames.arrayOffset() + frames.position(), frames.remaining());
		}
	}

	@Test
	void aReadOfContentEventsIsForwardedAsItArrivedWithoutACopy() {
		StreamRelay relay = relay(true);
		byte[] read = bytes(CONTENT_1 + CONTENT_2);
		ByteBuffer frames = relay.onChunk(read);
		assertThat(frames.array()).isSameAs(read);
		assertThat(frames.remaining()).isEqualTo(read.length);
		assertThat(relay.started()).isTrue();
	}

	@Test
	void eventsSplitAcrossReadsArriveWholeAndInOrder() {
		String stream = CONTENT_1 + CONTENT_2 + USAGE + DONE;
		String[] reads = { stream.substring(0, 17), stream.substring(17, CONTENT_1.length() + 1),
				stream.substring(CONTENT_1.length() + 1, CONTENT_1.length() + CONTENT_2.length() + 30),
				stream.substring(CONTENT_1.length() + CONTENT_2.length() + 30) };
		StreamRelay relay = relay(true);
		assertThat(feedAll(relay, reads)).isEqualTo(stream);
		assertThat(llm.usage().outputTokens()).isEqualTo(9);
		assertThat(llm.error()).isNull();
	}

	@Test
	void theUsageChunkIsReadAndDroppedWhenTheClientDidNotAskForIt() {
		StreamRelay relay = relay(false);
		assertThat(feedAll(relay, CONTENT_1 + CONTENT_2 + USAGE + DONE)).isEqualTo(CONTENT_1 + CONTENT_2 + DONE);
		assertThat(llm.usage().totalInputTokens()).isEqualTo(12);
	}

	@Test
	void anErrorChunkEndsTheStreamAndIsRecorded() {
		StreamRelay relay = relay(true);
		String error = "data: {\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}\n\n";
		String out = feedAll(relay, CONTENT_1 + error + CONTENT_2);
		assertThat(out).startsWith(CONTENT_1).doesNotContain("\"lo\"");
		assertThat(llm.error()).isNotNull();
		assertThat(llm.error().message()).contains("overloaded");
	}

	@Test
	void nothingAfterDoneIsForwarded() {
		StreamRelay relay = relay(true);
		assertThat(feedAll(relay, CONTENT_1 + DONE + CONTENT_2)).isEqualTo(CONTENT_1 + DONE);
	}

	@Test
	void aStreamCutInsideAnEventEndsWithAnInBandError() {
		StreamRelay relay = relay(true);
		String out = feedAll(relay, CONTENT_1 + CONTENT_2.substring(0, 20));
		assertThat(out).startsWith(CONTENT_1).contains("upstream_stream_cut").doesNotContain("\"lo\"");
		assertThat(llm.error().code()).isEqualTo("upstream_stream_cut");
	}

	@Test
	void carriageReturnLineEndsAreReadByTheParser() {
		StreamRelay relay = relay(true);
		String crlf = (CONTENT_1 + CONTENT_2 + USAGE + DONE).replace("\n", "\r\n");
		assertThat(feedAll(relay, crlf.substring(0, 40), crlf.substring(40)))
			.isEqualTo(CONTENT_1 + CONTENT_2 + USAGE + DONE);
		assertThat(llm.usage().outputTokens()).isEqualTo(9);
	}

	@Test
	void commentsAndOtherFieldsGoThroughTheParser() {
		StreamRelay relay = relay(true);
		assertThat(feedAll(relay, ": keep-alive\n\n" + CONTENT_1, "id: 7\n" + CONTENT_2 + DONE))
			.isEqualTo(CONTENT_1 + CONTENT_2 + DONE);
	}

	@Test
	void theUsageChunkIsReadAndForwardedAsItArrivedWhenTheClientAskedForIt() {
		StreamRelay relay = relay(true);
		String unspaced = USAGE.replace("data: ", "data:");
		assertThat(feedAll(relay, CONTENT_1 + unspaced, "data:[DONE]\n\n")).isEqualTo(CONTENT_1 + unspaced + DONE);
		assertThat(llm.usage().outputTokens()).isEqualTo(9);
	}

	@Test
	void aUsageEventOfSeveralDataLinesGoesThroughTheParser() {
		StreamRelay relay = relay(true);
		String twoLines = "data: {\"id\":\"c\",\"choices\":[],\ndata: \"usage\":{\"prompt_tokens\":12,"
				+ "\"completion_tokens\":9,\"total_tokens\":21}}\n\n";
		String out = feedAll(relay, CONTENT_1 + twoLines + DONE);
		assertThat(out).as("each line keeps its data: field").isEqualTo(CONTENT_1 + twoLines + DONE);
		assertThat(llm.usage().outputTokens()).isEqualTo(9);
	}
}
