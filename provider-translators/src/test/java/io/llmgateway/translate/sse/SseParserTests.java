package io.llmgateway.translate.sse;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SseParserTests {

	/** A recorded OpenAI stream with a keep-alive comment, CRLF line ends, multi-byte characters and an emoji. */
	private static final String RECORDED = ": keep-alive\r\n\r\n"
			+ "data: {\"choices\":[{\"delta\":{\"content\":\"Grüße \"}}]}\r\n\r\n"
			+ "data: {\"choices\":[{\"delta\":{\"content\":\"日本語 🚀\"}}]}\n\n"
			+ "event: ping\n"
			+ "data: line one\n"
			+ "data: line two\n"
			+ "id: 42\n\n"
			+ "data: [DONE]\n\n";

	private static final List<SseEvent> EXPECTED = List.of(
			new SseEvent(null, "{\"choices\":[{\"delta\":{\"content\":\"Grüße \"}}]}", null),
			new SseEvent(null, "{\"choices\":[{\"delta\":{\"content\":\"日本語 🚀\"}}]}", null),
			new SseEvent("ping", "line one\nline two", "42"), new SseEvent(null, "[DONE]", "42"));

	private static List<SseEvent> parse(byte[]... reads) {
		SseParser parser = new SseParser();
		List<SseEvent> events = new ArrayList<>();
		for (byte[] read : reads) {
			parser.feed(ByteBuffer.wrap(read), events::add);
		}
		parser.end(events::add);
		return events;
	}

	@Test
	void parsesARecordedStreamInOneRead() {
		assertThat(parse(RECORDED.getBytes(StandardCharsets.UTF_8))).isEqualTo(EXPECTED);
	}

	@Test
	void survivesASplitAtEveryBytePosition() {
		byte[] bytes = RECORDED.getBytes(StandardCharsets.UTF_8);
		for (int split = 0; split <= bytes.length; split++) {
			byte[] a = java.util.Arrays.copyOfRange(bytes, 0, split);
			byte[] b = java.util.Arrays.copyOfRange(bytes, split, bytes.length);
			assertThat(parse(a, b)).as("split at %d", split).isEqualTo(EXPECTED);
		}
	}

	@Test
	void survivesOneByteReads() {
		byte[] bytes = RECORDED.getBytes(StandardCharsets.UTF_8);
		byte[][] reads = new byte[bytes.length][];
		for (int i = 0; i < bytes.length; i++) {
			reads[i] = new byte[] { bytes[i] };
		}
		assertThat(parse(reads)).isEqualTo(EXPECTED);
	}

	@Test
	void survivesEverySplitOfEveryMultiByteCharacter() {
		String text = "data: é€🚀\n\n";
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		for (int i = 1; i < bytes.length; i++) {
			for (int j = i; j < bytes.length; j++) {
				List<SseEvent> events = parse(java.util.Arrays.copyOfRange(bytes, 0, i),
						java.util.Arrays.copyOfRange(bytes, i, j), java.util.Arrays.copyOfRange(bytes, j, bytes.length));
				assertThat(events).as("splits %d %d", i, j).containsExactly(new SseEvent(null, "é€🚀", null));
			}
		}
	}

	@Test
	void acceptsBareCarriageReturnsAndACrLfSplitAcrossReads() {
		assertThat(parse("data: a\r\r".getBytes(StandardCharsets.UTF_8)))
			.containsExactly(new SseEvent(null, "a", null));
		assertThat(parse("data: a\r".getBytes(StandardCharsets.UTF_8), "\n\r\n".getBytes(StandardCharsets.UTF_8)))
			.containsExactly(new SseEvent(null, "a", null));
	}

	@Test
	void commentsAndBlankLinesAloneProduceNothing() {
		assertThat(parse(": ping\n\n\n: another\n\n".getBytes(StandardCharsets.UTF_8))).isEmpty();
	}

	@Test
	void fieldWithoutSpaceAndEmptyData() {
		assertThat(parse("data:x\n\ndata\n\n".getBytes(StandardCharsets.UTF_8)))
			.containsExactly(new SseEvent(null, "x", null), new SseEvent(null, "", null));
	}

	@Test
	void aLastEventWithoutItsBlankLineIsStillDispatchedAtTheEnd() {
		assertThat(parse("data: {\"a\":1}".getBytes(StandardCharsets.UTF_8)))
			.containsExactly(new SseEvent(null, "{\"a\":1}", null));
	}
}
