package io.llmgateway.sample;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MessageLineEncoderTests {

	@Test
	void writesTheMessageAndALineFeedInUtf8() {
		for (String message : new String[] { "{\"ts\":\"2026-12-05T00:00:00Z\",\"status\":200}", "", "prompt: é 中 😀",
				"lone \uD800 surrogate" }) {
			assertThat(MessageLineEncoder.line(message)).isEqualTo((message + "\n").getBytes(StandardCharsets.UTF_8));
		}
	}

	@Test
	void aMissingMessageIsAnEmptyLine() {
		assertThat(MessageLineEncoder.line(null)).containsExactly('\n');
	}
}
