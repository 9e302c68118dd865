package io.llmgateway.gateway.auth;

import java.net.InetSocketAddress;
import java.util.List;

import io.llmgateway.gateway.core.Identity;
import io.llmgateway.translate.model.LlmException;
import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrustedHeaderIdentityResolverTests {

	final TrustedHeaderIdentityResolver resolver = new TrustedHeaderIdentityResolver(
			new LlmAuthProperties.TrustedHeader(true, null, null, null, List.of("10.0.0.0/8", "::1")), null);

	static MockServerWebExchange from(String ip, String... headers) {
		MockServerHttpRequest.BaseBuilder<?> b = MockServerHttpRequest.post("/v1/chat/completions")
			.remoteAddress(new InetSocketAddress(ip, 40000));
		for (int i = 0; i < headers.length; i += 2) {
			b.header(headers[i], headers[i + 1]);
		}
		return MockServerWebExchange.from(b);
	}

	@Test
	void acceptsHeadersFromATrustedProxy() {
		Identity id = resolver.resolve(from("10.9.8.7", "x-llm-user", "alice", "x-llm-team", "eng", "x-llm-models",
				"gpt-4o, claude"), null).block();
		assertThat(id.userId()).isEqualTo("alice");
		assertThat(id.teamId()).isEqualTo("eng");
		assertThat(id.allowedModels()).containsExactlyInAnyOrder("gpt-4o", "claude");
		assertThat(id.keyId()).isNull();
	}

	@Test
	void refusesTheSameHeadersFromAnyoneElse() {
		assertThatThrownBy(() -> resolver.resolve(from("192.168.1.5", "x-llm-user", "alice"), null).block())
			.isInstanceOfSatisfying(LlmException.class, ex -> {
				assertThat(ex.error().status()).isEqualTo(401);
				assertThat(ex.error().message()).contains("trusted proxies");
			});
	}

	@Test
	void withoutHeadersItLeavesTheDecisionToTheNextResolver() {
		assertThat(resolver.resolve(from("10.0.0.1"), null).blockOptional()).isEmpty();
		assertThat(resolver.resolve(from("8.8.8.8"), null).blockOptional()).isEmpty();
	}
}
