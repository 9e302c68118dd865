package io.llmgateway.gateway.core;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Set;

/**
 * Who is calling, resolved once per request by an {@link IdentityResolver}. Every field may be null except
 * {@code allowedModels} and {@code metadata}, which are empty when not restricted.
 * @param keyId a stable, non-secret id of the virtual key (its hash prefix or database id), never the key itself
 * @param allowedModels model aliases (or access groups) this caller may use; empty = all
 * @param limits per-caller limits for the rate limiter, or null
 * @param budget the caller's spend budget, or null
 * @param admin true for the master key or an admin principal
 */
public record Identity(String keyId, String keyAlias, String userId, String teamId, Set<String> allowedModels,
		Limits limits, Budget budget, Map<String, Object> metadata, boolean admin) {

	public static final Identity ANONYMOUS = new Identity(null, null, null, null, Set.of(), null, null, Map.of(), false);

	public Identity {
		allowedModels = allowedModels == null ? Set.of() : Set.copyOf(allowedModels);
		metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
	}

	/** Rate limits attached to a key or team. Null fields mean "no limit at this level". */
	public record Limits(Long tpm, Long rpm, Long tpd, Long rpd, Integer maxParallel, Map<String, Long> modelTpm,
			Map<String, Long> modelRpm) {
	}

	/** A spend budget in USD over a period ({@code 1d}, {@code 7d}, {@code 30d}, {@code 1mo}, or null for total). */
	public record Budget(BigDecimal maxBudget, BigDecimal softBudget, String period) {
	}
}
