package io.llmgateway.gateway.spend.ledger;

import java.math.BigDecimal;
import java.time.Instant;

import io.llmgateway.gateway.spend.pricing.AppliedPrice;

/** Ledger rows for tests. */
public final class SpendRows {

	private SpendRows() {
	}

	public static SpendRecord row(String requestId, String cost, String keyId, String teamId) {
		return new SpendRecord(requestId, Instant.now(), 12, 3L, keyId, "alias", "u1", teamId, "alice", "gpt-4o",
				"gpt-4o#0", "openai", "gpt-4o-2024-08-06", "chat", "openai", false, 100, 50, 10, 0, 5,
				new BigDecimal(cost), false, null, 200, "SUCCESS", null, 1, "builtin", "gpt-4o",
				"0123456789abcdef", null, null, false, requestId);
	}
}
