package io.llmgateway.gateway.provider;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import io.llmgateway.translate.model.ErrorType;
import io.llmgateway.translate.model.LlmError;
import io.llmgateway.translate.model.LlmException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * OAuth access tokens for Google Cloud (Vertex AI) through the Google auth library: a service-account file
 * ({@code vertex-credentials}) or application-default credentials. Tokens are cached per credentials source; a
 * token close to expiry is refreshed in the background while still valid, an expired one before use. Loading files
 * and refreshing (an HTTP call to the token endpoint) run on the bounded-elastic scheduler, never on the event loop.
 */
public final class GoogleAccessTokens {

	static final String SCOPE = "https://www.googleapis.com/auth/cloud-platform";

	/** Refresh this long before expiry, in the background. */
	static final Duration REFRESH_AHEAD = Duration.ofMinutes(5);

	/** Below this remaining lifetime the token is not used: the caller waits for a fresh one. */
	static final Duration MIN_VALIDITY = Duration.ofSeconds(60);

	private static final Log log = LogFactory.getLog(GoogleAccessTokens.class);

	private final Map<String, Source> sources = new ConcurrentHashMap<>();

	private final Clock clock;

	public GoogleAccessTokens() {
		this(Clock.systemUTC());
	}

	GoogleAccessTokens(Clock clock) {
		this.clock = clock;
	}

	/** A valid access token for the service-account file at {@code credentialsPath}, or for ADC when null. */
	public Mono<String> token(String credentialsPath) {
		String key = credentialsPath == null || credentialsPath.isBlank() ? "" : credentialsPath;
		Source source = sources.computeIfAbsent(key, Source::new);
		AccessToken current = source.cached;
		if (current != null) {
			Instant expiry = current.getExpirationTime() == null ? Instant.MAX
					: current.getExpirationTime().toInstant();
			Instant now = clock.instant();
			if (expiry.isAfter(now.plus(REFRESH_AHEAD))) {
				return Mono.just(current.getTokenValue());
			}
			if (expiry.isAfter(now.plus(MIN_VALIDITY))) {
				source.refreshInBackground();
				return Mono.just(current.getTokenValue());
			}
		}
		return Mono.fromCallable(source::refreshNow).subscribeOn(Schedulers.boundedElastic());
	}

	private final class Source {

		private final String path;

		private volatile GoogleCredentials credentials;

		private volatile AccessToken cached;

		private final AtomicBoolean refreshing = new AtomicBoolean();

		Source(String path) {
			this.path = path;
		}

		void refreshInBackground() {
			if (refreshing.compareAndSet(false, true)) {
				Mono.fromCallable(this::refreshNow)
					.subscribeOn(Schedulers.boundedElastic())
					.doFinally(s -> refreshing.set(false))
					.subscribe(t -> {
					}, ex -> log.warn("Background refresh of a Google access token failed: " + ex.getMessage()));
			}
		}

		/** Blocking: loads the credentials once, then refreshes unless another caller just did. */
		synchronized String refreshNow() {
			AccessToken token = cached;
			if (token != null && token.getExpirationTime() != null
					&& token.getExpirationTime().toInstant().isAfter(clock.instant().plus(REFRESH_AHEAD))) {
				return token.getTokenValue();
			}
			try {
				GoogleCredentials creds = credentials();
				creds.refresh();
				AccessToken fresh = creds.getAccessToken();
				if (fresh == null) {
					throw new IOException("no access token returned");
				}
				cached = fresh;
				return fresh.getTokenValue();
			}
			catch (IOException | RuntimeException ex) {
				// the message names the source, never a secret
				throw new LlmException(LlmError.of(ErrorType.BAD_GATEWAY,
						"Could not obtain a Google access token from "
								+ (path.isEmpty() ? "application-default credentials" : "vertex-credentials file")
								+ ": " + ex.getMessage()));
			}
		}

		private GoogleCredentials credentials() throws IOException {
			GoogleCredentials c = credentials;
			if (c == null) {
				if (path.isEmpty()) {
					c = GoogleCredentials.getApplicationDefault();
				}
				else {
					try (InputStream in = Files.newInputStream(Path.of(path))) {
						c = GoogleCredentials.fromStream(in);
					}
				}
				if (c.createScopedRequired()) {
					c = c.createScoped(SCOPE);
				}
				credentials = c;
			}
			return c;
		}
	}
}
