package io.llmgateway.translate.sse;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BytesTests {

	private static final byte[] FRAME = "xxdata: [DONE]\n\nyy".getBytes(StandardCharsets.US_ASCII);

	private static byte[] ascii(String s) {
		return s.getBytes(StandardCharsets.US_ASCII);
	}

	@Test
	void searchesStayInsideTheirRange() {
		assertThat(Bytes.startsWith(FRAME, 2, 16, ascii("data:"))).isTrue();
		assertThat(Bytes.startsWith(FRAME, 0, 16, ascii("data:"))).isFalse();
		assertThat(Bytes.startsWith(FRAME, 2, 5, ascii("data:"))).as("range shorter than the prefix").isFalse();
		assertThat(Bytes.indexOf(FRAME, 2, 16, ascii("[DONE]"))).isEqualTo(8);
		assertThat(Bytes.indexOf(FRAME, 2, 13, ascii("[DONE]"))).as("needle crosses the range's end").isEqualTo(-1);
		assertThat(Bytes.indexOf(FRAME, 2, 16, (byte) '\n')).isEqualTo(14);
		assertThat(Bytes.indexOf(FRAME, 2, 14, (byte) '\n')).isEqualTo(-1);
		assertThat(Bytes.equals(FRAME, 8, 14, ascii("[DONE]"))).isTrue();
		assertThat(Bytes.equals(FRAME, 8, 15, ascii("[DONE]"))).isFalse();
	}
}
