package io.llmgateway.translate.mapping;

import java.util.Base64;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ToolCallIdsTests {

	@Test
	void mistralIdsAreNineAlphanumericsAndStable() {
		for (String id : new String[] { "call_Ab12", "toolu_01A09q90qw90lq917835lq9", "tooluse_1", "x" }) {
			String mapped = ToolCallIds.mistral(id);
			assertThat(mapped).matches("^[a-zA-Z0-9]{9}$");
			assertThat(ToolCallIds.mistral(id)).isEqualTo(mapped);
		}
		assertThat(ToolCallIds.mistral("call_Ab12")).isNotEqualTo(ToolCallIds.mistral("call_Ab13"));
		assertThat(ToolCallIds.mistral("D681PevKs")).isEqualTo("D681PevKs");
	}

	@Test
	void safeIdsKeepValidOnesAndSeparateRewrittenOnes() {
		assertThat(ToolCallIds.safe("toolu_01A", 64)).isEqualTo("toolu_01A");
		String a = ToolCallIds.safe("call.1", 64);
		String b = ToolCallIds.safe("call:1", 64);
		assertThat(a).matches("[a-zA-Z0-9_-]+").isNotEqualTo(b);
		assertThat(ToolCallIds.safe("x".repeat(100), 64)).hasSizeLessThanOrEqualTo(64);
	}

	@Test
	void thoughtSignaturesRideInToolCallIds() {
		String signature = Base64.getEncoder().encodeToString(new byte[] { 1, (byte) 0xfb, (byte) 0xff, 42, 0, 7 });
		String id = ToolCallIds.generateWithSignature("call_", signature);
		assertThat(id).matches("call_[A-Za-z0-9]{24}_ts_[A-Za-z0-9_-]+");
		assertThat(ToolCallIds.forAnthropic(id)).isEqualTo(id);
		assertThat(ToolCallIds.signature(id)).isEqualTo(signature);
		assertThat(ToolCallIds.signature("call_abc")).isNull();
		assertThat(ToolCallIds.generateWithSignature("call_", null)).doesNotContain("_ts_");
	}

	@Test
	void anthropicIdsAreSanitisedDeterministically() {
		assertThat(ToolCallIds.forAnthropic("toolu_01A")).isEqualTo("toolu_01A");
		String a = ToolCallIds.forAnthropic("call.1:x");
		assertThat(a).matches("[a-zA-Z0-9_-]+").isEqualTo(ToolCallIds.forAnthropic("call.1:x"));
		assertThat(a).isNotEqualTo(ToolCallIds.forAnthropic("call:1.x"));
		assertThat(ToolCallIds.forAnthropic(null)).startsWith("toolu_");
	}
}
