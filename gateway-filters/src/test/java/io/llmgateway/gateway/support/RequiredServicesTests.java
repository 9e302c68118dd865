package io.llmgateway.gateway.support;

import java.io.IOException;
import java.net.ServerSocket;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequiredServicesTests {

	@AfterEach
	void clearProperty() {
		System.clearProperty(RequiredServices.REQUIRE_PROPERTY);
	}

	@Test
	void aServerThatIsNotListeningSkipsWithAMessage() throws IOException {
		// the property wins over the environment, so this holds in CI too (where LLM_TESTS_REQUIRE_SERVICES=true)
		System.setProperty(RequiredServices.REQUIRE_PROPERTY, "false");
		int port = closedPort();
		ConditionEvaluationResult result = RequiredServices.check("Redis", port);
		assertThat(result.isDisabled()).isTrue();
		assertThat(result.getReason()).hasValueSatisfying(reason -> assertThat(reason)
			.contains("Redis is not listening on 127.0.0.1:" + port).contains("LLM_TESTS_REQUIRE_SERVICES=true"));
	}

	@Test
	void requiringServicesTurnsTheSkipIntoAFailure() throws IOException {
		System.setProperty(RequiredServices.REQUIRE_PROPERTY, "true");
		int port = closedPort();
		assertThatThrownBy(() -> RequiredServices.check("PostgreSQL", port)).isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("PostgreSQL is not listening on 127.0.0.1:" + port)
			.hasMessageContaining("LLM_TESTS_REQUIRE_SERVICES=true requires it");
	}

	@Test
	void aListeningServerRunsTheTest() throws IOException {
		try (ServerSocket server = new ServerSocket(0, 1, java.net.InetAddress.getByName(RequiredServices.HOST))) {
			ConditionEvaluationResult result = RequiredServices.check("Redis", server.getLocalPort());
			assertThat(result.isDisabled()).isFalse();
		}
	}

	private static int closedPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}
}
