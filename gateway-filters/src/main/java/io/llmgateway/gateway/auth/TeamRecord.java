package io.llmgateway.gateway.auth;

import java.time.OffsetDateTime;
import java.util.Map;

/** A team: its quota is shared by all its keys, which also may not use models the team may not use. */
public record TeamRecord(String teamId, String teamAlias, Quota quota, Map<String, Object> metadata,
		boolean blocked, OffsetDateTime createdAt, OffsetDateTime updatedAt) {

	public TeamRecord {
		quota = quota == null ? Quota.NONE : quota;
		metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
	}
}
