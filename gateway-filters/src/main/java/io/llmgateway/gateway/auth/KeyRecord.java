package io.llmgateway.gateway.auth;

import java.time.OffsetDateTime;
import java.util.Map;

/**
 * A virtual key as stored: {@code token} is the SHA-256 hex of the key (the key itself is never stored),
 * {@code keyName} its masked form ({@code sk-...abcd}) for people to recognise it.
 */
public record KeyRecord(String token, String keyName, String keyAlias, Quota quota, String teamId, String userId,
		OffsetDateTime expiresAt, Map<String, Object> metadata, boolean blocked, OffsetDateTime createdAt,
		OffsetDateTime updatedAt) {

	public KeyRecord {
		quota = quota == null ? Quota.NONE : quota;
		metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
	}

	public boolean expiredAt(OffsetDateTime now) {
		return expiresAt != null && !now.isBefore(expiresAt);
	}
}
