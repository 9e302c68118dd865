package io.llmgateway.gateway.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import reactor.core.publisher.Mono;

/** Accepts the master key as a bearer token (or {@code x-api-key}); compares in constant time. */
public class MasterKeyAdminAuthorizer implements AdminAuthorizer {

	private final byte[] masterKey;

	public MasterKeyAdminAuthorizer(String masterKey) {
		this.masterKey = masterKey == null || masterKey.isBlank() ? null : masterKey.getBytes(StandardCharsets.UTF_8);
	}

	@Override
	public Mono<Boolean> isAdmin(ServerHttpRequest request) {
		return Mono.just(isMasterKey(presentedKey(request)));
	}

	public boolean isMasterKey(String presented) {
		return masterKey != null && presented != null
				&& MessageDigest.isEqual(masterKey, presented.getBytes(StandardCharsets.UTF_8));
	}

	/** The credential a client presented: {@code Authorization: Bearer}, {@code x-api-key} or {@code api-key}. */
	public static String presentedKey(ServerHttpRequest request) {
		HttpHeaders h = request.getHeaders();
		String auth = h.getFirst(HttpHeaders.AUTHORIZATION);
		if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
			return auth.substring(7).trim();
		}
		String key = h.getFirst("x-api-key");
		return key != null ? key.trim() : (h.getFirst("api-key") == null ? null : h.getFirst("api-key").trim());
	}
}
