package io.llmgateway.gateway.spend;

import io.llmgateway.gateway.spend.ledger.SpendLedger;
import io.llmgateway.gateway.spend.ledger.SpendRecord;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Micrometer meters of the spend capability: {@code llm.spend.cost} (USD) and {@code llm.spend.tokens} (by
 * {@code type}) per model and team, and the ledger's backlog. Metric values are doubles; the ledger is the exact
 * record of money.
 */
public final class SpendMetrics {

	private static final String[] TOKEN_TYPES = { "input", "output", "cache_read", "cache_write", "reasoning" };

	private final MeterRegistry registry;

	/** Model, then team: two look-ups instead of a key string built per request. */
	private final Map<String, Map<String, Meters>> meters = new ConcurrentHashMap<>();

	public SpendMetrics(MeterRegistry registry, SpendLedger ledger) {
		this.registry = registry;
		if (ledger != null) {
			Gauge.builder("llm.spend.ledger.backlog", ledger, SpendLedger::backlog)
				.description("Ledger rows not yet in the database: waiting for the journal or in the journal")
				.register(registry);
			Gauge.builder("llm.spend.ledger.buffered", ledger, SpendLedger::buffered)
				.description("Ledger rows waiting in memory for their journal write")
				.register(registry);
			Gauge.builder("llm.spend.journal.size", ledger, SpendLedger::journalBytes)
				.description("Bytes of spend journal on disk not yet shipped to the database")
				.baseUnit("bytes")
				.register(registry);
			FunctionCounter.builder("llm.spend.journal.errors", ledger, SpendLedger::journalErrors)
				.description("Journal writes that failed: their rows went to the database from memory only")
				.register(registry);
			FunctionCounter.builder("llm.spend.ledger.written", ledger, SpendLedger::written)
				.description("Ledger rows written to the database")
				.register(registry);
			FunctionCounter.builder("llm.spend.ledger.dropped", ledger, SpendLedger::dropped)
				.description("Ledger rows lost: the journal's queue was full, or a journal line was unreadable")
				.register(registry);
		}
	}

	void record(SpendRecord r) {
		String model = r.modelAlias() == null ? "unknown" : r.modelAlias();
		String team = r.teamId() == null ? "none" : r.teamId();
		Map<String, Meters> perTeam = meters.get(model);
		if (perTeam == null) {
			perTeam = meters.computeIfAbsent(model, k -> new ConcurrentHashMap<>());
		}
		Meters m = perTeam.get(team);
		if (m == null) {
			m = perTeam.computeIfAbsent(team, k -> new Meters(registry, model, team));
		}
		if (r.cost() != null && r.cost().signum() > 0) {
			m.cost.increment(r.cost().doubleValue());
		}
		count(m.tokens[0], r.inputTokens());
		count(m.tokens[1], r.outputTokens());
		count(m.tokens[2], r.cacheReadTokens());
		count(m.tokens[3], r.cacheWriteTokens());
		count(m.tokens[4], r.reasoningTokens());
	}

	private static void count(Counter counter, long tokens) {
		if (tokens > 0) {
			counter.increment(tokens);
		}
	}

	/** The counters of one model and team. */
	private static final class Meters {

		final Counter cost;

		final Counter[] tokens = new Counter[TOKEN_TYPES.length];

		Meters(MeterRegistry registry, String model, String team) {
			cost = Counter.builder("llm.spend.cost")
				.description("Provider cost of LLM requests")
				.baseUnit("usd")
				.tags("model", model, "team", team)
				.register(registry);
			for (int i = 0; i < TOKEN_TYPES.length; i++) {
				tokens[i] = Counter.builder("llm.spend.tokens")
					.description("Tokens billed, by type (reasoning tokens are also counted in output)")
					.tags("model", model, "team", team, "type", TOKEN_TYPES[i])
					.register(registry);
			}
		}
	}
}
