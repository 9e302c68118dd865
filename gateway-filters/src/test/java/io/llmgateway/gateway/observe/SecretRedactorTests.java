package io.llmgateway.gateway.observe;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SecretRedactorTests {

	@Test
	void masksKeysTokensAndCredentialFields() {
		String text = "key sk-proj-abcDEF123456789 and sk-ant-api03-xyz_0123456789 and Bearer eyJhbGciOi.payload.sig "
				+ "{\"api_key\":\"plainsecret\",\"x-api-key\": \"other-secret\",\"Authorization\":\"Basic dXNlcjpwYXNzd29yZA==\"} "
				+ "aws AKIAIOSFODNN7EXAMPLE google AIzaSyA-1234567890abcdefghijklmnopqrstu password=hunter22";
		String out = SecretRedactor.redact(text);
		assertThat(out).doesNotContain("sk-proj-abc", "sk-ant-api03", "eyJhbGciOi", "plainsecret", "other-secret",
				"dXNlcjpwYXNzd29yZA", "AKIAIOSFODNN7EXAMPLE", "AIzaSyA", "hunter22");
		assertThat(out).contains("[REDACTED]").contains("\"api_key\":\"[REDACTED]\"");
	}

	@Test
	void leavesOrdinaryTextAndTokenCountsAlone() {
		String text = "{\"tokens\":{\"input\":15,\"output\":20},\"max_tokens\":100,\"key_id\":\"key-1\",\"task\":\"ask-me\"}";
		assertThat(SecretRedactor.redact(text)).isEqualTo(text);
	}

	@Test
	void triggersMatchInAnyCase() {
		String out = SecretRedactor.redact("BEARER abcdefgh12345 PASSWORD: hunter22 Api-Key=s3cr3tvalue");
		assertThat(out).doesNotContain("abcdefgh12345", "hunter22", "s3cr3tvalue");
	}
}
