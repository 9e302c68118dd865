package io.llmgateway.gateway.spend.budget;

import java.math.BigDecimal;

/**
 * One budget: a hard limit (requests are refused once spend reaches it) and/or a soft limit (an alert once per
 * window), in USD over a {@link BudgetPeriod}.
 *
 * @param id the key, user, team or end-user id, or {@code *} for "each one separately"
 * @param maxBudget the hard limit, or null for alert-only budgets
 * @param softBudget spend that triggers the alert; null = {@code alert-threshold} x {@code maxBudget}
 * @param origin {@code config} (llm.spend.budgets) or {@code identity} (the key's or team's own budget)
 */
public record BudgetRule(BudgetScope scope, String id, BigDecimal maxBudget, BigDecimal softBudget,
		BudgetPeriod period, String origin) {

	public static final String WILDCARD = "*";

	public boolean matches(BudgetScope scope, String id) {
		return this.scope == scope && id != null && (WILDCARD.equals(this.id) || this.id.equals(id));
	}

	/** Spend at which the soft alert fires, or null when none applies. */
	public BigDecimal alertAt(BigDecimal threshold) {
		if (softBudget != null) {
			return softBudget;
		}
		return maxBudget == null || threshold == null ? null : maxBudget.multiply(threshold);
	}
}
