package io.llmgateway.gateway.observe;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.llmgateway.gateway.core.Attempt;
import io.llmgateway.gateway.core.LlmExchange;
import io.llmgateway.translate.model.ErrorType;
import io.llmgateway.translate.model.Usage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

/**
 * Records the meters of one finished LLM request. Names follow the OpenTelemetry GenAI semantic conventions where
 * one exists ({@code gen_ai.*}); the rest are ours ({@code llm.*}). Every name keeps one fixed set of tag keys (a
 * Prometheus requirement), and values that come from callers are bounded by {@link BoundedTagValues}.
 * docs/observability.md lists every meter.
 */
public class LlmMeters {

	public static final String OPERATION_DURATION = "gen_ai.client.operation.duration";

	public static final String TOKEN_USAGE = "gen_ai.client.token.usage";

	public static final String TIME_TO_FIRST_TOKEN = "gen_ai.server.time_to_first_token";

	public static final String TIME_PER_OUTPUT_TOKEN = "gen_ai.server.time_per_output_token";

	public static final String REQUESTS = "llm.requests";

	public static final String OVERHEAD = "llm.gateway.overhead";

	public static final String UPSTREAM_ATTEMPTS = "llm.upstream.attempts";

	public static final String COST = "llm.cost";

	public static final String CACHE_SAVINGS = "llm.cache.savings";

	public static final String CACHE_REQUESTS = "llm.cache.requests";

	public static final String RATE_LIMIT_REJECTIONS = "llm.rate_limit.rejections";

	public static final String BUDGET_REJECTIONS = "llm.budget.rejections";

	public static final String RETRIES = "llm.retries";

	public static final String FALLBACKS = "llm.fallbacks";

	static final String OPERATION = "gen_ai.operation.name";

	static final String SYSTEM = "gen_ai.system";

	static final String MODEL = "gen_ai.request.model";

	static final String TOKEN_TYPE = "gen_ai.token.type";

	static final String ERROR_TYPE = "error.type";

	/** Fixed histogram buckets (few, so that series stay cheap) for request-scale durations. */
	static final Duration[] REQUEST_BUCKETS = millis(5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 20_000,
			30_000, 60_000, 120_000, 300_000);

	/** Buckets for the gateway's own overhead: sub-millisecond to one second. */
	static final Duration[] OVERHEAD_BUCKETS = micros(100, 250, 500, 1_000, 2_500, 5_000, 10_000, 25_000, 50_000,
			100_000, 250_000, 1_000_000);

	/** Buckets for time per output token. */
	static final Duration[] TOKEN_BUCKETS = micros(1_000, 2_500, 5_000, 10_000, 20_000, 50_000, 100_000, 250_000,
			500_000, 1_000_000);

	private final MeterRegistry registry;

	private final BoundedTagValues bounded;

	private final boolean teamTag;

	public LlmMeters(MeterRegistry registry, BoundedTagValues bounded, boolean teamTag) {
		this.registry = registry;
		this.bounded = bounded;
		this.teamTag = teamTag;
	}

	public void record(LlmExchange llm, RequestSummary s) {
		Tags base = baseTags(s);
		Tags full = base.and("status", s.statusClass(), "outcome", s.outcome(), "cache", s.cache(), ERROR_TYPE,
				s.errorType());
		Counter.builder(REQUESTS).description("LLM requests").tags(full).register(registry).increment();
		timer(OPERATION_DURATION, "LLM request duration, received until the last byte", full, REQUEST_BUCKETS)
			.record(s.totalNanos(), TimeUnit.NANOSECONDS);
		timer(OVERHEAD, "Time the gateway itself added: total duration minus time waiting on providers", full,
				OVERHEAD_BUCKETS)
			.record(s.overheadNanos(), TimeUnit.NANOSECONDS);
		if (s.stream() && s.ttftNanos() >= 0 && s.status() >= 200 && s.status() < 300) {
			timer(TIME_TO_FIRST_TOKEN, "Time until the first streamed byte reached the client", base, REQUEST_BUCKETS)
				.record(s.ttftNanos(), TimeUnit.NANOSECONDS);
		}
		if (s.timePerOutputTokenNanos() >= 0) {
			timer(TIME_PER_OUTPUT_TOKEN, "Generation time per output token after the first", base, TOKEN_BUCKETS)
				.record(s.timePerOutputTokenNanos(), TimeUnit.NANOSECONDS);
		}
		recordTokens(s.usage(), base);
		if (s.cost() != null) {
			Counter.builder(COST).baseUnit("usd").description("Provider cost").tags(base).register(registry)
				.increment(s.cost().doubleValue());
		}
		if (s.cacheSaving() != null) {
			Counter.builder(CACHE_SAVINGS).baseUnit("usd").description("Provider cost avoided by cache hits")
				.tags(base).register(registry).increment(s.cacheSaving().doubleValue());
		}
		if (!RequestSummary.NONE.equals(s.cache())) {
			Counter.builder(CACHE_REQUESTS).description("Response cache lookups by result").tags(base)
				.tag("result", s.cache()).register(registry).increment();
		}
		if (s.rejectedBy(ErrorType.RATE_LIMIT)) {
			Counter.builder(RATE_LIMIT_REJECTIONS).description("Requests rejected by a rate limit").tags(base)
				.register(registry).increment();
		}
		if (s.rejectedBy(ErrorType.BUDGET_EXCEEDED)) {
			Counter.builder(BUDGET_REJECTIONS).description("Requests rejected because a budget was exhausted")
				.tags(base).register(registry).increment();
		}
		if (s.retries() > 0) {
			Counter.builder(RETRIES).description("Upstream attempts after the first").tags(base).register(registry)
				.increment(s.retries());
		}
		if (s.fallbackUsed()) {
			Counter.builder(FALLBACKS).description("Requests served by a fallback model group").tags(base)
				.register(registry).increment();
		}
		for (Attempt a : llm.attempts()) {
			recordAttempt(s, a);
		}
	}

	private void recordAttempt(RequestSummary s, Attempt a) {
		String provider = a.deployment() == null ? RequestSummary.NONE : a.deployment().provider();
		String deployment = a.deployment() == null ? RequestSummary.NONE : a.deployment().id();
		String errorType = a.error() == null || a.error().type() == null ? RequestSummary.NONE
				: a.error().type().name().toLowerCase(java.util.Locale.ROOT);
		Tags tags = Tags.of(SYSTEM, bounded.bound(SYSTEM, provider), "deployment",
				bounded.bound("deployment", deployment), MODEL, bounded.bound(MODEL, s.alias()), "status",
				RequestSummary.statusClass(a.status()), ERROR_TYPE, errorType);
		timer(UPSTREAM_ATTEMPTS, "Upstream attempts: time waiting on the provider", tags, REQUEST_BUCKETS)
			.record(Math.max(0, a.endNanos() - a.startNanos()), TimeUnit.NANOSECONDS);
	}

	private void recordTokens(Usage usage, Tags base) {
		if (usage == null || usage.totalTokens() == 0) {
			return;
		}
		// input and output are totals (as OpenTelemetry defines them); the other kinds are parts of them
		tokens(base, "input", usage.totalInputTokens());
		tokens(base, "output", usage.outputTokens());
		if (usage.cacheReadTokens() > 0) {
			tokens(base, "cache_read", usage.cacheReadTokens());
		}
		if (usage.cacheWriteTokens() > 0) {
			tokens(base, "cache_write", usage.cacheWriteTokens());
		}
		if (usage.reasoningTokens() > 0) {
			tokens(base, "reasoning", usage.reasoningTokens());
		}
	}

	private void tokens(Tags base, String type, long count) {
		DistributionSummary.builder(TOKEN_USAGE)
			.description("Tokens per request by kind: input and output are totals; cache_read and cache_write are "
					+ "parts of input, reasoning a part of output")
			.tags(base)
			.tag(TOKEN_TYPE, type)
			.register(registry)
			.record(count);
	}

	private Timer timer(String name, String description, Tags tags, Duration[] buckets) {
		return Timer.builder(name).description(description).tags(tags).serviceLevelObjectives(buckets)
			.register(registry);
	}

	private static Duration[] millis(long... values) {
		return java.util.Arrays.stream(values).mapToObj(Duration::ofMillis).toArray(Duration[]::new);
	}

	private static Duration[] micros(long... values) {
		return java.util.Arrays.stream(values).mapToObj(v -> Duration.ofNanos(v * 1_000)).toArray(Duration[]::new);
	}

	private Tags baseTags(RequestSummary s) {
		Tags tags = Tags.of(OPERATION, s.operation(), SYSTEM, bounded.bound(SYSTEM, s.provider()), MODEL,
				bounded.bound(MODEL, s.alias()), "deployment", bounded.bound("deployment", s.deployment()), "route",
				bounded.bound("route", s.routeId()));
		if (teamTag) {
			String team = s.identity() == null ? null : s.identity().teamId();
			tags = tags.and("team", bounded.bound("team", team));
		}
		return tags;
	}
}
