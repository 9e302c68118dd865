package io.llmgateway.gateway.spend.budget;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A hard budget that is used up, counting what requests in flight hold: the request is refused before dispatch.
 * {@code resetsAt} is null for total budgets.
 */
public record BudgetViolation(BudgetRule rule, String id, BigDecimal spent, BigDecimal held, Instant resetsAt) {

	public String message() {
		String reset = resetsAt == null ? "" : "; it resets at " + resetsAt;
		String inFlight = held == null || held.signum() <= 0 ? ""
				: " (plus $" + held.stripTrailingZeros().toPlainString() + " held by requests in flight)";
		return "Budget exceeded for " + rule.scope().label() + " '" + id + "': spent $"
				+ spent.stripTrailingZeros().toPlainString() + inFlight + " of $"
				+ rule.maxBudget().stripTrailingZeros().toPlainString() + " (" + rule.period().label() + ")" + reset;
	}
}
