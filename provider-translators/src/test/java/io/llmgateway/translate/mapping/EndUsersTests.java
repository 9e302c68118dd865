package io.llmgateway.translate.mapping;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EndUsersTests {

	@Test
	void claudeCodeJsonUserIdIsReducedToItsAccountElseItsDevice() {
		assertThat(EndUsers.fromAnthropicUserId(
				"{\"device_id\":\"dev\",\"account_uuid\":\"acc\",\"session_id\":\"s\"}")).isEqualTo("acc");
		assertThat(EndUsers.fromAnthropicUserId(
				"{\"device_id\":\"dev\",\"account_uuid\":\"\",\"session_id\":\"s\"}")).isEqualTo("dev");
		assertThat(EndUsers.fromAnthropicUserId("{\"session_id\":\"s\"}")).isEqualTo("s");
	}

	@Test
	void legacyClaudeCodeUserIdDropsTheSession() {
		assertThat(EndUsers.fromAnthropicUserId("user_ab12_account_9f0e_session_77")).isEqualTo("user_ab12_account_9f0e");
		assertThat(EndUsers.fromAnthropicUserId("user_ab12_account__session_77")).isEqualTo("user_ab12");
	}

	@Test
	void otherValuesAreKeptAndBlankIsNoUser() {
		assertThat(EndUsers.fromAnthropicUserId("customer-42")).isEqualTo("customer-42");
		assertThat(EndUsers.fromAnthropicUserId("{not json")).isEqualTo("{not json");
		assertThat(EndUsers.fromAnthropicUserId("  ")).isNull();
		assertThat(EndUsers.fromAnthropicUserId(null)).isNull();
	}

	@Test
	void openAiGetsAtMost64CharactersStablyHashed() {
		String longId = "x".repeat(100);
		assertThat(EndUsers.forOpenAi("short")).isEqualTo("short");
		assertThat(EndUsers.forOpenAi(longId)).hasSizeLessThanOrEqualTo(64).startsWith("sha256_")
			.isEqualTo(EndUsers.forOpenAi(longId))
			.isNotEqualTo(EndUsers.forOpenAi("y".repeat(100)));
	}
}
