package io.llmgateway.gateway.spend.budget;

import io.llmgateway.translate.model.LlmError;

/**
 * The budget check of one request: admitted (with the hold to settle at completion, null when no hard budget
 * applies), refused because a hard budget is used up, or refused because the budget store could not answer and
 * the policy is to fail closed.
 */
public record BudgetDecision(BudgetHold hold, BudgetViolation violation, LlmError unavailable) {

	static final BudgetDecision ADMITTED = new BudgetDecision(null, null, null);

	static BudgetDecision admitted(BudgetHold hold) {
		return new BudgetDecision(hold, null, null);
	}

	public boolean isAdmitted() {
		return violation == null && unavailable == null;
	}
}
