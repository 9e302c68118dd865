package io.llmgateway.gateway.spend;

import java.math.BigDecimal;
import java.time.Instant;

/** A hard budget that is used up: the request is refused before dispatch. {@code resetsAt} is null for total budgets. */
public record BudgetViolation(BudgetRule rule, String id, BigDecimal spent, Instant resetsAt) {

	public String message() {
		String reset = resetsAt == null ? "" : "; it resets at " + resetsAt;
		return "Budget exceeded for " + rule.scope().label() + " '" + id + "': spent $" + spent.stripTrailingZeros().toPlainString()
				+ " of $" + rule.maxBudget().stripTrailingZeros().toPlainString() + " (" + rule.period().label() + ")" + reset;
	}
}
