package io.llmgateway.gateway.spend.budget;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.llmgateway.gateway.core.LlmAlert;

/** The alerts budgets fire: a soft threshold crossed ({@code budget_threshold}) or a hard budget used up. */
final class BudgetAlerts {

	private BudgetAlerts() {
	}

	/**
	 * @param conditionKey the condition that fires once per window
	 * @param hard the hard limit ({@code budget_exceeded}) rather than the soft one
	 * @param limit the threshold that was reached
	 */
	static LlmAlert crossed(String conditionKey, boolean hard, BudgetRule rule, String id, BigDecimal spent,
			BigDecimal limit, Instant now) {
		String message = (hard ? "Budget exhausted: " : "Budget alert: ") + rule.scope().label() + " '" + id
				+ "' spent $" + plain(spent) + " of $" + plain(rule.maxBudget() == null ? limit : rule.maxBudget())
				+ " (" + rule.period().label() + ")";
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("scope", rule.scope().label());
		details.put("id", id);
		details.put("period", rule.period().label());
		details.put("window", rule.period().windowKey(now));
		details.put("spent", plain(spent));
		details.put("threshold", plain(limit));
		if (rule.maxBudget() != null) {
			details.put("maxBudget", plain(rule.maxBudget()));
		}
		details.put("origin", rule.origin());
		return new LlmAlert(hard ? "budget_exceeded" : "budget_threshold", conditionKey, message, details, now);
	}

	private static String plain(BigDecimal v) {
		return v.signum() == 0 ? "0" : v.stripTrailingZeros().toPlainString();
	}
}
