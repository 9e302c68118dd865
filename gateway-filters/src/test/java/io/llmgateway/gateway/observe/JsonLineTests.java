package io.llmgateway.gateway.observe;

import java.math.BigDecimal;
import java.time.Instant;

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

	@Test
	void instantsAreWrittenAsInstantToStringWritesThem() {
		Instant now = Instant.now();
		for (Instant t : new Instant[] { now, Instant.EPOCH, Instant.ofEpochSecond(1_760_000_000L, 0),
				Instant.ofEpochSecond(1_760_000_000L, 123_000_000), Instant.ofEpochSecond(1_760_000_000L, 123_456_000),
				Instant.ofEpochSecond(1_760_000_000L, 123_456_789), Instant.ofEpochSecond(1_760_000_000L, 1_000),
				Instant.ofEpochSecond(1_760_000_000L, 7), Instant.parse("9999-12-31T23:59:59.999Z"),
				Instant.parse("+10000-01-01T00:00:00Z"), Instant.parse("0999-01-01T00:00:00Z") }) {
			assertThat(new JsonLine(64).field("ts", t).finish()).isEqualTo("{\"ts\":\"" + t + "\"}");
		}
	}
}
