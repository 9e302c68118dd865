package io.llmgateway.gateway.provider;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import io.llmgateway.gateway.support.mock.GoogleTokenEndpoint;
import io.llmgateway.translate.model.LlmException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class GoogleAccessTokensTests {

	@TempDir
	Path dir;

	/** A clock the test moves forward. */
	static final class MovableClock extends Clock {

		volatile Instant now = Instant.now();

		@Override
		public ZoneOffset getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return now;
		}
	}

	@Test
	void serviceAccountTokensAreFetchedCachedAndRefreshedAhead() throws Exception {
		try (GoogleTokenEndpoint endpoint = new GoogleTokenEndpoint()) {
			String file = endpoint.writeServiceAccountFile(dir).toString();
			MovableClock clock = new MovableClock();
			GoogleAccessTokens tokens = new GoogleAccessTokens(clock);

			assertThat(tokens.token(file).block(Duration.ofSeconds(20))).isEqualTo(GoogleTokenEndpoint.token(1));
			// cached: no second trip to the token endpoint
			assertThat(tokens.token(file).block(Duration.ofSeconds(5))).isEqualTo(GoogleTokenEndpoint.token(1));
			assertThat(endpoint.issued.get()).isEqualTo(1);

			// four minutes before expiry: the current token is still served, a new one is fetched in the background
			clock.now = clock.now.plus(Duration.ofMinutes(56));
			assertThat(tokens.token(file).block(Duration.ofSeconds(5))).isEqualTo(GoogleTokenEndpoint.token(1));
			await().atMost(Duration.ofSeconds(10)).until(() -> endpoint.issued.get() == 2);
		}
	}

	@Test
	void anExpiredTokenIsRefreshedBeforeUse() throws Exception {
		try (GoogleTokenEndpoint endpoint = new GoogleTokenEndpoint()) {
			endpoint.expiresInSeconds = 120;
			String file = endpoint.writeServiceAccountFile(dir).toString();
			MovableClock clock = new MovableClock();
			GoogleAccessTokens tokens = new GoogleAccessTokens(clock);
			assertThat(tokens.token(file).block(Duration.ofSeconds(20))).isEqualTo(GoogleTokenEndpoint.token(1));
			clock.now = clock.now.plus(Duration.ofMinutes(3));
			assertThat(tokens.token(file).block(Duration.ofSeconds(20))).isEqualTo(GoogleTokenEndpoint.token(2));
		}
	}

	@Test
	void aMissingFileIsAClearError() {
		GoogleAccessTokens tokens = new GoogleAccessTokens();
		assertThatThrownBy(() -> tokens.token(dir.resolve("missing.json").toString()).block(Duration.ofSeconds(10)))
			.isInstanceOf(LlmException.class)
			.hasMessageContaining("vertex-credentials");
	}
}
