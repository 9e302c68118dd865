package io.llmgateway.translate.support;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ToolCallIdsTest {

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
}
