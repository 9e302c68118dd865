package io.llmgateway.gateway.core;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Set;

/**
 * Who is calling, resolved once per request by an {@link IdentityResolver}. Every field may be null except
 * {@code allowedModels} and {@code metadata}, which are empty when not restricted.
 * <p>
 * {@code limits} and {@code budget} belong to the key itself. A key's team and user carry their own limits and
 * budgets ({@code teamLimits}, {@code teamBudget}, {@code userLimits}, {@code userBudget}): they are shared by every
 * key of that team or user, so filters account them under {@code teamId} / {@code userId}, not under the key.
 * @param keyId a stable, non-secret id of the virtual key (its hash prefix or database id), never the key itself
 * @param allowedModels model aliases this caller may use (access groups already expanded); empty = all
 * @param limits per-key limits for the rate limiter, or null
 * @param budget the key's own spend budget, or null
 * @param admin true for the master key or an admin principal
 * @param teamLimits limits shared by every key of {@code teamId}, or null
 * @param teamBudget budget shared by every key of {@code teamId}, or null
 * @param userLimits limits shared by every key of {@code userId}, or null
 * @param userBudget budget shared by every key of {@code userId}, or null
 */
public record Identity(String keyId, String keyAlias, String userId, String teamId, Set<String> allowedModels,
		Limits limits, Budget budget, Map<String, Object> metadata, boolean admin, Limits teamLimits,
		Budget teamBudget, Limits userLimits, Budget userBudget) {

	public static final Identity ANONYMOUS = new Identity(null, null, null, null, Set.of(), null, null, Map.of(), false);

	public Identity {
		allowedModels = allowedModels == null ? Set.of() : Set.copyOf(allowedModels);
		metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
	}

	/** An identity without team or user quotas (the original shape, kept for callers that predate them). */
	public Identity(String keyId, String keyAlias, String userId, String teamId, Set<String> allowedModels,
			Limits limits, Budget budget, Map<String, Object> metadata, boolean admin) {
		this(keyId, keyAlias, userId, teamId, allowedModels, limits, budget, metadata, admin, null, null, null, null);
	}

	/**
	 * True when the caller may use the model alias: no restriction, the alias is listed, or a listed pattern
	 * ({@code openai/*}: {@code *} matches any characters) matches it.
	 */
	public boolean allowsModel(String alias) {
		if (allowedModels.isEmpty()) {
			return true;
		}
		if (alias == null) {
			return false;
		}
		if (allowedModels.contains(alias)) {
			return true;
		}
		for (String allowed : allowedModels) {
			if (allowed.indexOf('*') >= 0 && globMatches(allowed, alias)) {
				return true;
			}
		}
		return false;
	}

	/** {@code *} matches any run of characters; everything else literally. */
	public static boolean globMatches(String pattern, String value) {
		return globMatches(pattern, 0, value, 0);
	}

	private static boolean globMatches(String p, int pi, String v, int vi) {
		while (pi < p.length()) {
			char c = p.charAt(pi);
			if (c == '*') {
				for (int k = v.length(); k >= vi; k--) {
					if (globMatches(p, pi + 1, v, k)) {
						return true;
					}
				}
				return false;
			}
			if (vi >= v.length() || v.charAt(vi) != c) {
				return false;
			}
			pi++;
			vi++;
		}
		return vi == v.length();
	}

	/** Rate limits attached to a key or team. Null fields mean "no limit at this level". */
	public record Limits(Long tpm, Long rpm, Long tpd, Long rpd, Integer maxParallel, Map<String, Long> modelTpm,
			Map<String, Long> modelRpm) {
	}

	/** A spend budget in USD over a period ({@code 1d}, {@code 7d}, {@code 30d}, {@code 1mo}, or null for total). */
	public record Budget(BigDecimal maxBudget, BigDecimal softBudget, String period) {
	}
}
