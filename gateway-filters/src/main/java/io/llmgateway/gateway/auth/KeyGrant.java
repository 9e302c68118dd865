package io.llmgateway.gateway.auth;

import java.time.OffsetDateTime;

import io.llmgateway.gateway.core.Identity;

/**
 * A key as authenticated: its row, its team's and user's rows (when they exist), and the {@link Identity} built from
 * them once when loaded, so the hot path only checks expiry and blocking.
 */
public record KeyGrant(KeyRecord key, TeamRecord team, UserRecord user, Identity identity) {

	public boolean expired(OffsetDateTime now) {
		return key.expiredAt(now);
	}

	public boolean blocked() {
		return key.blocked() || (team != null && team.blocked());
	}
}
