package io.llmgateway.gateway.spend;

import io.llmgateway.gateway.spend.ledger.SpendLedger;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import io.llmgateway.gateway.spend.budget.BudgetPeriod;
import io.llmgateway.gateway.spend.budget.BudgetRule;
import io.llmgateway.gateway.spend.budget.BudgetScope;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * {@code llm.spend.*}: prices, the ledger and budgets.
 *
 * @param enabled the spend capability (filter, ledger, reports); default true
 * @param pricesFile a LiteLLM-format {@code model_prices_and_context_window.json} whose entries take precedence over
 * the built-in table (a file path, or any Spring resource location such as {@code classpath:prices.json})
 * @param storePrompts store request and response bodies on ledger rows; default false
 * @param spillDir deprecated: the journal directory when {@code journal.directory} is not set
 * @param alertThreshold fraction of a hard budget at which the soft alert fires when no soft budget is given
 * (default 0.8)
 * @param ledger the asynchronous ledger writer
 * @param journal the ledger's write-ahead journal
 * @param budgets budgets per user, team, end user or key, in addition to those attached to keys and teams
 * @param budgetStore where current budget spend and in-flight holds are kept
 * @param reserveOutputTokens output tokens a request without {@code max_tokens} is expected to generate, for the
 * cost it holds on its hard budgets while it runs (default 256)
 */
@ConfigurationProperties(LlmSpendProperties.PREFIX)
public record LlmSpendProperties(Boolean enabled, String pricesFile, Boolean storePrompts, String spillDir,
		BigDecimal alertThreshold, Ledger ledger, List<Budget> budgets, BudgetStoreSettings budgetStore,
		Long reserveOutputTokens, Journal journal) {

	public static final String PREFIX = "llm.spend";

	public LlmSpendProperties {
		enabled = enabled == null || enabled;
		storePrompts = storePrompts != null && storePrompts;
		journal = journal == null ? new Journal(null, null, null, null, null, null) : journal;
		if (journal.directory() == null) {
			journal = journal.in(spillDir != null ? spillDir : "./data/spend-journal");
		}
		alertThreshold = alertThreshold == null ? new BigDecimal("0.8") : alertThreshold;
		ledger = ledger == null ? new Ledger(null, null, null, null, null) : ledger;
		budgets = budgets == null ? List.of() : List.copyOf(budgets);
		budgetStore = budgetStore == null ? new BudgetStoreSettings(null, null, null, null, null, null, null, null, null) : budgetStore;
		reserveOutputTokens = reserveOutputTokens == null ? 256L : reserveOutputTokens;
		if (reserveOutputTokens < 0) {
			throw new IllegalArgumentException("llm.spend.reserve-output-tokens must be >= 0, was " + reserveOutputTokens);
		}
		if (alertThreshold.signum() <= 0 || alertThreshold.compareTo(BigDecimal.ONE) > 0) {
			throw new IllegalArgumentException("llm.spend.alert-threshold must be in (0, 1], was " + alertThreshold);
		}
	}

	/**
	 * @param enabled write ledger rows; default true (budgets and cost headers work without it)
	 * @param batchSize rows per database transaction (default 500)
	 * @param bufferCapacity rows waiting in memory for their journal write (default 100,000)
	 * @param flushInterval longest a journalled row waits for its database batch to fill (default 200ms)
	 * @param shutdownTimeout how long shutdown waits for the journal to be written and shipped (default 10s)
	 */
	public record Ledger(Boolean enabled, Integer batchSize, Integer bufferCapacity, Duration flushInterval,
			Duration shutdownTimeout) {

		public Ledger {
			enabled = enabled == null || enabled;
			batchSize = batchSize == null ? 500 : batchSize;
			bufferCapacity = bufferCapacity == null ? 100_000 : bufferCapacity;
			flushInterval = flushInterval == null ? Duration.ofMillis(200) : flushInterval;
			shutdownTimeout = shutdownTimeout == null ? Duration.ofSeconds(10) : shutdownTimeout;
			if (batchSize < 1 || bufferCapacity < batchSize) {
				throw new IllegalArgumentException(
						"llm.spend.ledger.batch-size must be >= 1 and <= llm.spend.ledger.buffer-capacity");
			}
		}
	}

	/**
	 * {@code llm.spend.journal.*}: the ledger's write-ahead journal (docs/spend.md).
	 *
	 * @param directory where journal segments live; one directory per instance (default {@code ./data/spend-journal})
	 * @param groupCommitInterval longest a row waits for its journal write: the bound of rows a {@code kill -9} may
	 * lose (default 5ms)
	 * @param fsync {@code always} (fsync each group commit, survives a power loss; the default) or {@code never}
	 * (write only: survives a process crash, not an OS crash)
	 * @param segmentSize a segment is rotated past this size (default 64MB)
	 * @param maxSize journal size on disk (the database has been down for long) past which {@code when-full} applies
	 * (default 1GB)
	 * @param whenFull {@code reject} (the default: {@code LlmSpend} answers 503 to new requests, so no answered request
	 * loses its row) or {@code accept} (keep serving; rows are still journalled while the disk allows)
	 */
	public record Journal(String directory, Duration groupCommitInterval, String fsync, DataSize segmentSize,
			DataSize maxSize, String whenFull) {

		public Journal {
			groupCommitInterval = groupCommitInterval == null ? Duration.ofMillis(5) : groupCommitInterval;
			fsync = fsync == null || fsync.isBlank() ? "always" : fsync.trim().toLowerCase(Locale.ROOT);
			segmentSize = segmentSize == null ? DataSize.ofMegabytes(64) : segmentSize;
			maxSize = maxSize == null ? DataSize.ofGigabytes(1) : maxSize;
			whenFull = whenFull == null || whenFull.isBlank() ? "reject" : whenFull.trim().toLowerCase(Locale.ROOT);
			if (!fsync.equals("always") && !fsync.equals("never")) {
				throw new IllegalArgumentException("llm.spend.journal.fsync must be always or never, was '" + fsync + "'");
			}
			if (!whenFull.equals("reject") && !whenFull.equals("accept")) {
				throw new IllegalArgumentException(
						"llm.spend.journal.when-full must be reject or accept, was '" + whenFull + "'");
			}
			if (groupCommitInterval.isNegative() || segmentSize.toBytes() < 1024) {
				throw new IllegalArgumentException(
						"llm.spend.journal.group-commit-interval must be >= 0 and segment-size >= 1KB");
			}
		}

		Journal in(String dir) {
			return new Journal(dir, groupCommitInterval, fsync, segmentSize, maxSize, whenFull);
		}

		public boolean rejectWhenFull() {
			return whenFull.equals("reject");
		}
	}

	SpendLedger.Settings ledgerSettings() {
		return new SpendLedger.Settings(ledger.batchSize(), ledger.bufferCapacity(), ledger.flushInterval(),
				journal.groupCommitInterval(), journal.fsync().equals("always"), journal.segmentSize().toBytes(),
				journal.maxSize().toBytes(), ledger.shutdownTimeout());
	}

	/**
	 * {@code llm.spend.budget-store.*}.
	 *
	 * @param backend {@code local} (this instance's memory, the default) or {@code redis} (shared by every instance,
	 * through the gateway's Redisson client and {@code spring.data.redis.*})
	 * @param keyPrefix prefix of every Redis key (default {@code llm:budget:})
	 * @param timeout the longest a request waits for Redis before the failure policy applies (default 250 ms)
	 * @param failOpen when Redis fails or times out: admit without a budget check (true, the default) or answer 503
	 * @param holdTtl on Redis, how long an instance's lease outlives its last use, so an instance that died holds
	 * nothing for long (default 10 minutes)
	 * @param leaseRequests on Redis, how many more requests like the current one an instance may lease allowance for
	 * in one round trip (default 32; near a limit leases shrink to what remains)
	 * @param leaseIdle on Redis, allowance an instance has not used for this long is given back (default 1 second)
	 * @param reconcileInterval how often current spend is raised to the ledger's sums; 0 only at start-up (default 5
	 * minutes; start-up only with the local store on the embedded database, see {@link #reconcileEvery})
	 * @param errorLogInterval Redis failures are logged at most once per interval (default 1 minute)
	 */
	public record BudgetStoreSettings(String backend, String keyPrefix, Duration timeout, Boolean failOpen,
			Duration holdTtl, Long leaseRequests, Duration leaseIdle, Duration reconcileInterval,
			Duration errorLogInterval) {

		public BudgetStoreSettings {
			backend = backend == null || backend.isBlank() ? "local" : backend.trim().toLowerCase(Locale.ROOT);
			if (backend.equals("memory")) {
				backend = "local";
			}
			if (!backend.equals("local") && !backend.equals("redis")) {
				throw new IllegalArgumentException(
						"llm.spend.budget-store.backend must be local or redis, was '" + backend + "'");
			}
			keyPrefix = keyPrefix == null ? "llm:budget:" : keyPrefix;
			timeout = timeout == null ? Duration.ofMillis(250) : timeout;
			failOpen = failOpen == null || failOpen;
			holdTtl = holdTtl == null ? Duration.ofMinutes(10) : holdTtl;
			leaseRequests = leaseRequests == null ? 32L : leaseRequests;
			leaseIdle = leaseIdle == null ? Duration.ofSeconds(1) : leaseIdle;
			if (leaseRequests < 0) {
				throw new IllegalArgumentException("llm.spend.budget-store.lease-requests must be >= 0");
			}
			if (leaseIdle.isNegative() || leaseIdle.isZero()) {
				throw new IllegalArgumentException("llm.spend.budget-store.lease-idle must be positive");
			}
			errorLogInterval = errorLogInterval == null ? Duration.ofMinutes(1) : errorLogInterval;
			if (holdTtl.isNegative() || holdTtl.isZero()) {
				throw new IllegalArgumentException("llm.spend.budget-store.hold-ttl must be positive");
			}
		}

		/**
		 * The reconciliation interval in effect: {@code reconcile-interval} when set; else 5 minutes, except for the
		 * local store on the embedded database, where it is 0 (start-up only). That ledger is written by this process
		 * alone, and the local counters were charged for every row it wrote as the request completed; after the
		 * start-up reconciliation, reading the rows back every interval could only find what the counters already
		 * hold, at the cost of deserializing every row of the interval on the gateway's own cores.
		 */
		public Duration reconcileEvery(boolean embeddedLedger) {
			if (reconcileInterval != null) {
				return reconcileInterval;
			}
			return embeddedLedger && backend.equals("local") ? Duration.ZERO : Duration.ofMinutes(5);
		}

		public boolean redis() {
			return backend.equals("redis");
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

		public BudgetRule toRule(int index) {
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
