package io.llmgateway.gateway.auth;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import io.llmgateway.gateway.core.Identity;

/**
 * What a key, a team or a user may use: models (aliases or access group names), budget and rate limits. Null fields
 * mean "not limited at this level".
 */
public record Quota(List<String> models, BigDecimal maxBudget, BigDecimal softBudget, String budgetDuration,
		Long tpmLimit, Long rpmLimit, Integer maxParallelRequests, Map<String, Long> modelTpmLimit,
		Map<String, Long> modelRpmLimit) {

	public static final Quota NONE = new Quota(null, null, null, null, null, null, null, null, null);

	public Quota {
		models = models == null ? List.of() : List.copyOf(models);
		modelTpmLimit = modelTpmLimit == null ? Map.of() : Map.copyOf(modelTpmLimit);
		modelRpmLimit = modelRpmLimit == null ? Map.of() : Map.copyOf(modelRpmLimit);
	}

	/** The limits for the rate limiter, or null when none is set. */
	public Identity.Limits limits() {
		if (tpmLimit == null && rpmLimit == null && maxParallelRequests == null && modelTpmLimit.isEmpty()
				&& modelRpmLimit.isEmpty()) {
			return null;
		}
		return new Identity.Limits(tpmLimit, rpmLimit, null, null, maxParallelRequests, modelTpmLimit, modelRpmLimit);
	}

	/** The budget for the spend filter, or null when none is set. */
	public Identity.Budget budget() {
		if (maxBudget == null && softBudget == null) {
			return null;
		}
		return new Identity.Budget(maxBudget, softBudget, budgetDuration);
	}
}
