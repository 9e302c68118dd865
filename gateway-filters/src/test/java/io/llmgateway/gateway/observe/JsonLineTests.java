package io.llmgateway.gateway.observe;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class JsonLineTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void everyCharacterSurvivesARoundTripThroughAJsonParser() {
		StringBuilder all = new StringBuilder();
		for (char c = 0; c < 0x250; c++) {
			all.append(c);
		}
		all.append("\u2028\u2029 \uD83D\uDE00 end");
		String value = all.toString();
		JsonNode parsed = JSON.readTree(new JsonLine(64).field("v", value).field("n", (String) null).finish());
		assertThat(parsed.get("v").asString()).isEqualTo(value);
		assertThat(parsed.get("n").isNull()).isTrue();
	}

	@Test
	void nestedObjectsNumbersAndDecimalsInPlainNotation() {
		String line = new JsonLine(64).field("a", 1L)
			.object("o")
			.field("d", 0.5)
			.field("b", true)
			.end()
			.field("cost", new BigDecimal("1.23E-7"))
			.field("none", (BigDecimal) null)
			.object("empty")
			.end()
			.finish();
		assertThat(line).isEqualTo("{\"a\":1,\"o\":{\"d\":0.5,\"b\":true},\"cost\":0.000000123,\"none\":null,\"empty\":{}}");
		assertThat(JSON.readTree(line).get("o").get("d").asDouble()).isEqualTo(0.5);
	}
}
