package io.llmgateway.gateway.core;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;

import static org.assertj.core.api.Assertions.assertThat;

class StreamedOutputMeterTests {

	private static DataBuffer frame(String text) {
		return DefaultDataBufferFactory.sharedInstance.wrap(text.getBytes(StandardCharsets.UTF_8));
	}

	private static StreamedOutputMeter capturing() {
		StreamedOutputMeter meter = new StreamedOutputMeter();
		meter.captureText();
		return meter;
	}

	@Test
	void countsTheContentOfOpenAiChunksAndNothingElse() {
		StreamedOutputMeter meter = capturing();
		meter.observe(frame("data: {\"id\":\"chatcmpl-1\",\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":"
				+ "{\"role\":\"assistant\",\"content\":\"Hello\"},\"finish_reason\":null}]}\n\n"));
		meter.observe(frame("data: {\"choices\":[{\"delta\":{\"reasoning_content\":\"hm\"}}]}\n\n"
				+ "data: {\"choices\":[{\"delta\":{\"tool_calls\":[{\"function\":{\"arguments\":\"{\\\"a\\\":1}\"}}]}}]}\n\n"));
		assertThat(meter.text()).isEqualTo("Hellohm{\"a\":1}");
		assertThat(meter.chars()).isEqualTo(14);
	}

	@Test
	void readsAnthropicDeltasInTheOrderTheyCome() {
		StreamedOutputMeter meter = capturing();
		meter.observe(frame("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"delta\":"
				+ "{\"type\":\"thinking_delta\",\"thinking\":\"first \"}}\n\nevent: content_block_delta\ndata: "
				+ "{\"delta\":{\"type\":\"text_delta\",\"text\":\"second \"}}\n\ndata: {\"delta\":{\"partial_json\":\"x\"}}\n\n"));
		assertThat(meter.text()).isEqualTo("first second x");
	}

	@Test
	void decodesEscapesAndMultiByteCharactersAsTheCharactersTheyStandFor() {
		StreamedOutputMeter meter = capturing();
		meter.observe(frame("data: {\"content\":\"a\\nb\\t\\\"q\\\" \\u00e9 é 中 😀\"}\n\n"));
		assertThat(meter.text()).isEqualTo("a\nb\t\"q\" é é 中 😀");
		assertThat(meter.chars()).isEqualTo("a\nb\t\"q\" é é 中 😀".length());
	}

	@Test
	void aKeyInsideAnotherValueIsNotContent() {
		StreamedOutputMeter meter = capturing();
		meter.observe(frame("data: {\"content\":\"say \\\"content\\\":\\\"no\\\"\",\"other\":\"x\"}\n\n"));
		assertThat(meter.text()).isEqualTo("say \"content\":\"no\"");
	}

	@Test
	void countsBeyondTheCaptureLimitWithoutKeepingTheText() {
		StreamedOutputMeter meter = capturing();
		String big = "x".repeat(StreamedOutputMeter.MAX_CHARS);
		meter.observe(frame("data: {\"content\":\"" + big + "\"}\n\ndata: {\"content\":\"more\"}\n\n"));
		assertThat(meter.chars()).isEqualTo(StreamedOutputMeter.MAX_CHARS + 4);
		assertThat(meter.text()).hasSize(StreamedOutputMeter.MAX_CHARS);
	}

	@Test
	void countsWithoutCapturingUnlessAsked() {
		StreamedOutputMeter meter = new StreamedOutputMeter();
		meter.observe(frame("data: {\"content\":\"four\"}\n\n"));
		meter.observe("data: {\"content\":\"five!\"}\n\n");
		assertThat(meter.chars()).isEqualTo(9);
		assertThat(meter.text()).isEmpty();
	}

	@Test
	void aFrameCutInsideACharacterCountsWhatArrived() {
		StreamedOutputMeter meter = capturing();
		byte[] text = "data: {\"content\":\"partial é".getBytes(StandardCharsets.UTF_8);
		meter.observe(DefaultDataBufferFactory.sharedInstance.wrap(java.util.Arrays.copyOf(text, text.length - 1)));
		assertThat(meter.text()).isEqualTo("partial \uFFFD");
	}
}
