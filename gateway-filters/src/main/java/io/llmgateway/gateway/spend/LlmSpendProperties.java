package io.llmgateway.gateway.spend;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code llm.spend.*}: prices, the ledger and budgets.
 *
 * @param enabled the spend capability (filter, ledger, reports); default true
 * @param pricesFile a LiteLLM-format {@code model_prices_and_context_window.json} whose entries take precedence over
 * the built-in table (a file path, or any Spring resource location such as {@code classpath:prices.json})
 * @param storePrompts store request and response bodies on ledger rows; default false
 * @param spillDir where ledger rows wait on disk while the database is unreachable
 * @param alertThreshold fraction of a hard budget at which the soft alert fires when no soft budget is given
 * (default 0.8)
 * @param ledger the asynchronous ledger writer
 * @param budgets budgets per user, team, end user or key, in addition to those attached to keys and teams
 */
@ConfigurationProperties(LlmSpendProperties.PREFIX)
public record LlmSpendProperties(Boolean enabled, String pricesFile, Boolean storePrompts, String spillDir,
		BigDecimal alertThreshold, Ledger ledger, List<Budget> budgets) {

	public static final String PREFIX = "llm.spend";

	public LlmSpendProperties {
		enabled = enabled == null || enabled;
		storePrompts = storePrompts != null && storePrompts;
		spillDir = spillDir == null ? "./data/spend-spill" : spillDir;
		alertThreshold = alertThreshold == null ? new BigDecimal("0.8") : alertThreshold;
		ledger = ledger == null ? new Ledger(null, null, null, null, null, null) : ledger;
		budgets = budgets == null ? List.of() : List.copyOf(budgets);
		if (alertThreshold.signum() <= 0 || alertThreshold.compareTo(BigDecimal.ONE) > 0) {
			throw new IllegalArgumentException("llm.spend.alert-threshold must be in (0, 1], was " + alertThreshold);
		}
	}

	/**
	 * @param enabled write ledger rows; default true (budgets and cost headers work without it)
	 * @param batchSize rows per database transaction (default 500)
	 * @param bufferCapacity rows held in memory before new ones are dropped (default 100,000)
	 * @param flushInterval longest a row waits for its batch to fill (default 200ms)
	 * @param retryInterval how often an unreachable database is probed (default 2s)
	 * @param shutdownTimeout how long shutdown waits for the buffer to be flushed (default 10s)
	 */
	public record Ledger(Boolean enabled, Integer batchSize, Integer bufferCapacity, Duration flushInterval,
			Duration retryInterval, Duration shutdownTimeout) {

		public Ledger {
			enabled = enabled == null || enabled;
			batchSize = batchSize == null ? 500 : batchSize;
			bufferCapacity = bufferCapacity == null ? 100_000 : bufferCapacity;
			flushInterval = flushInterval == null ? Duration.ofMillis(200) : flushInterval;
			retryInterval = retryInterval == null ? Duration.ofSeconds(2) : retryInterval;
			shutdownTimeout = shutdownTimeout == null ? Duration.ofSeconds(10) : shutdownTimeout;
			if (batchSize < 1 || bufferCapacity < batchSize) {
				throw new IllegalArgumentException(
						"llm.spend.ledger.batch-size must be >= 1 and <= llm.spend.ledger.buffer-capacity");
			}
		}

		SpendLedger.Settings settings() {
			return new SpendLedger.Settings(batchSize, bufferCapacity, flushInterval, retryInterval, shutdownTimeout);
		}
	}

	/**
	 * A configured budget.
	 *
	 * @param scope {@code key}, {@code user}, {@code team} or {@code end-user}
	 * @param id the id it limits, or {@code *} for each id of that scope separately
	 * @param maxBudget hard limit in USD: requests are refused once reached
	 * @param softBudget alert level in USD (default alert-threshold x max-budget)
	 * @param period {@code daily}, {@code weekly}, {@code monthly} (default), {@code total}, or a duration
	 * ({@code 12h}, {@code 30d}, {@code 1mo})
	 */
	public record Budget(String scope, String id, BigDecimal maxBudget, BigDecimal softBudget, String period) {

		BudgetRule toRule(int index) {
			String where = "llm.spend.budgets[" + index + "]";
			if (maxBudget == null && softBudget == null) {
				throw new IllegalArgumentException(where + " needs max-budget or soft-budget");
			}
			if (id == null || id.isBlank()) {
				throw new IllegalArgumentException(where + ".id is required (an id, or * for each one)");
			}
			try {
				return new BudgetRule(BudgetScope.parse(scope), id.trim(), maxBudget, softBudget,
						BudgetPeriod.parse(period == null ? "monthly" : period), "config");
			}
			catch (IllegalArgumentException ex) {
				// the message names the offending key; the cause would only repeat it
				throw new IllegalArgumentException(where + ": " + ex.getMessage());
			}
		}
	}
}
