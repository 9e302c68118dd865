package io.llmgateway.gateway.auth;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/** A user: its quota is shared by all its keys. */
public record UserRecord(String userId, String userEmail, String userRole, List<String> teams, Quota quota,
		Map<String, Object> metadata, OffsetDateTime createdAt, OffsetDateTime updatedAt) {

	public UserRecord {
		teams = teams == null ? List.of() : List.copyOf(teams);
		quota = quota == null ? Quota.NONE : quota;
		metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
	}
}
