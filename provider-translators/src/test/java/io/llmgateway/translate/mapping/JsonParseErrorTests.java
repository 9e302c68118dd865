package io.llmgateway.translate.mapping;

import java.nio.charset.StandardCharsets;

import io.llmgateway.translate.model.LlmException;
import io.llmgateway.translate.openai.OpenAiClientCodec;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** A body that is not JSON gets a message naming the position and the problem, never the parser's internals. */
class JsonParseErrorTests {

	@Test
	void aBrokenBodyNamesWhereAndWhatButNoParserInternals() {
		LlmException ex = catchThrowableOfType(LlmException.class,
				() -> Json.readBody("{\"model\": x}".getBytes(StandardCharsets.UTF_8)));
		assertThat(ex.error().message()).startsWith("The request body is not valid JSON at ")
			.contains("Unrecognized token 'x'")
			.doesNotContain("StreamReadFeature", "REDACTED", "Source");
	}

	@Test
	void theOpenAiCodecSaysTheSame() {
		LlmException ex = catchThrowableOfType(LlmException.class,
				() -> new OpenAiClientCodec().decodeRequest("{\"model\": \"m\",\n \"messages\": [}".getBytes(StandardCharsets.UTF_8)));
		assertThat(ex.error().message()).contains("not valid JSON at ").doesNotContain("StreamReadFeature", "REDACTED");
	}
}
