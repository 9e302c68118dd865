package io.llmgateway.gateway.translate;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The relay's output buffer: handed over without a copy, never written again once handed over. */
class FrameBufferTests {

	@Test
	void takeHandsOverWhatWasWrittenAndTheNextWritesGoToANewArray() {
		FrameBuffer out = new FrameBuffer();
		out.reserve(8);
		out.writeBytes(bytes("data: a"));
		out.write('\n');
		out.write(bytes("xx\n\nyy"), 2, 2);
		ByteBuffer first = out.take();
		assertThat(text(first)).isEqualTo("data: a\n\n\n");
		assertThat(out.take()).as("nothing written since").isNull();

		out.writeBytes(bytes("data: b\n\n"));
		ByteBuffer second = out.take();
		assertThat(second.array()).isNotSameAs(first.array());
		assertThat(text(first)).as("the first frames are untouched").isEqualTo("data: a\n\n\n");
		assertThat(text(second)).isEqualTo("data: b\n\n");
	}

	@Test
	void writesBeyondTheReservationGrowTheArray() {
		FrameBuffer out = new FrameBuffer();
		out.reserve(2);
		String long_ = "x".repeat(5000);
		out.writeBytes(bytes(long_));
		assertThat(out.size()).isEqualTo(5000);
		assertThat(text(out.take())).isEqualTo(long_);
	}

	private static byte[] bytes(String s) {
		return s.getBytes(StandardCharsets.UTF_8);
	}

	private static String text(ByteBuffer b) {
		return new String(b.array(), b.arrayOffset() + b.position(), b.remaining(), StandardCharsets.UTF_8);
	}
}
