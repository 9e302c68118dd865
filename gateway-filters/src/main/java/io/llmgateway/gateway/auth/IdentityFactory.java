package io.llmgateway.gateway.auth;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.llmgateway.gateway.core.Identity;

/**
 * Builds the {@link Identity} of a key, a principal or a trusted header from the rows that describe it. The key's own
 * limits and budget stay on the key; its team's and user's go to the team and user fields, because they are shared
 * by every key of that team or user (so a team of three keys with 100 TPM gets 100 TPM, not 300). Allowed models are
 * the intersection of the key's, the team's and the user's.
 */
public final class IdentityFactory {

	/** Identity of the master key: admin, every model, no limits; {@code keyId} is not derived from the key. */
	public static final Identity MASTER = new Identity("master", "master-key", null, null, Set.of(), null, null,
			Map.of(), true);

	private final AllowedModels models;

	public IdentityFactory(AllowedModels models) {
		this.models = models;
	}

	public Identity forKey(KeyRecord key, TeamRecord team, UserRecord user) {
		Set<String> allowed = models.expand(key.quota().models());
		if (team != null) {
			allowed = AllowedModels.intersect(allowed, models.expand(team.quota().models()));
		}
		if (user != null) {
			allowed = AllowedModels.intersect(allowed, models.expand(user.quota().models()));
		}
		Map<String, Object> metadata = new LinkedHashMap<>();
		if (team != null) {
			metadata.putAll(team.metadata());
		}
		metadata.putAll(key.metadata());
		return new Identity(key.token(), key.keyAlias(), key.userId(), key.teamId(), allowed, key.quota().limits(),
				key.quota().budget(), metadata, false, team == null ? null : team.quota().limits(),
				team == null ? null : team.quota().budget(), user == null ? null : user.quota().limits(),
				user == null ? null : user.quota().budget());
	}

	/**
	 * Identity of a caller authenticated elsewhere (Spring Security, a trusted proxy). {@code claimedModels} null means
	 * "not restricted by the caller's credential".
	 */
	public Identity forPrincipal(String userId, String teamId, Set<String> claimedModels, boolean admin,
			TeamRecord team, UserRecord user) {
		Set<String> allowed = claimedModels == null ? Set.of() : models.expand(claimedModels);
		if (team != null) {
			allowed = AllowedModels.intersect(allowed, models.expand(team.quota().models()));
		}
		if (user != null) {
			allowed = AllowedModels.intersect(allowed, models.expand(user.quota().models()));
		}
		if (admin) {
			allowed = Set.of();
		}
		Map<String, Object> metadata = team == null ? Map.of() : team.metadata();
		return new Identity(null, null, userId, teamId, allowed, null, null, metadata, admin,
				team == null ? null : team.quota().limits(), team == null ? null : team.quota().budget(),
				user == null ? null : user.quota().limits(), user == null ? null : user.quota().budget());
	}
}
