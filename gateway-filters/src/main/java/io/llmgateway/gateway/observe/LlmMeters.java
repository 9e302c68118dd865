package io.llmgateway.gateway.observe;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;

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

	private static final String[] TOKEN_TYPES = { "input", "output", "cache_read", "cache_write", "reasoning" };

	private final MeterRegistry registry;

	private final BoundedTagValues bounded;

	private final boolean teamTag;

	/**
	 * Meters by (bounded) tag values, so a request looks its meters up instead of building ids and registering:
	 * registering is idempotent but costs a tag list, an id and a registry lookup per meter per request. The keys are
	 * bounded tag values, so these maps are as bounded as the series themselves.
	 */
	private final Map<SeriesKey, Series> series = new ConcurrentHashMap<>();

	private final Map<AttemptKey, Timer> attemptTimers = new ConcurrentHashMap<>();

	public LlmMeters(MeterRegistry registry, BoundedTagValues bounded, boolean teamTag) {
		this.registry = registry;
		this.bounded = bounded;
		this.teamTag = teamTag;
	}

	public void record(LlmExchange llm, RequestSummary s) {
		Series base = series(s);
		Outcome full = base.outcome(s.statusClass(), s.outcome(), s.cache(), s.errorType());
		full.requests.increment();
		full.duration.record(s.totalNanos(), TimeUnit.NANOSECONDS);
		full.overhead.record(s.overheadNanos(), TimeUnit.NANOSECONDS);
		if (s.stream() && s.ttftNanos() >= 0 && s.status() >= 200 && s.status() < 300) {
			base.timeToFirstToken().record(s.ttftNanos(), TimeUnit.NANOSECONDS);
		}
		if (s.timePerOutputTokenNanos() >= 0) {
			base.timePerOutputToken().record(s.timePerOutputTokenNanos(), TimeUnit.NANOSECONDS);
		}
		recordTokens(s.usage(), base);
		if (s.cost() != null) {
			base.counter(Series.COST, () -> Counter.builder(COST).baseUnit("usd").description("Provider cost"))
				.increment(s.cost().doubleValue());
		}
		if (s.cacheSaving() != null) {
			base.counter(Series.CACHE_SAVINGS, () -> Counter.builder(CACHE_SAVINGS).baseUnit("usd")
				.description("Provider cost avoided by cache hits")).increment(s.cacheSaving().doubleValue());
		}
		if (!RequestSummary.NONE.equals(s.cache())) {
			base.cacheRequests(s.cache()).increment();
		}
		if (s.rejectedBy(ErrorType.RATE_LIMIT)) {
			base.counter(Series.RATE_LIMIT_REJECTIONS, () -> Counter.builder(RATE_LIMIT_REJECTIONS)
				.description("Requests rejected by a rate limit")).increment();
		}
		if (s.rejectedBy(ErrorType.BUDGET_EXCEEDED)) {
			base.counter(Series.BUDGET_REJECTIONS, () -> Counter.builder(BUDGET_REJECTIONS)
				.description("Requests rejected because a budget was exhausted")).increment();
		}
		if (s.retries() > 0) {
			base.counter(Series.RETRIES,
					() -> Counter.builder(RETRIES).description("Upstream attempts after the first"))
				.increment(s.retries());
		}
		if (s.fallbackUsed()) {
			base.counter(Series.FALLBACKS,
					() -> Counter.builder(FALLBACKS).description("Requests served by a fallback model group"))
				.increment();
		}
		for (Attempt a : llm.attempts()) {
			recordAttempt(s, a);
		}
	}

	private void recordAttempt(RequestSummary s, Attempt a) {
		String provider = a.deployment() == null ? RequestSummary.NONE : a.deployment().provider();
		String deployment = a.deployment() == null ? RequestSummary.NONE : a.deployment().id();
		String errorType = a.error() == null ? RequestSummary.NONE : RequestSummary.errorType(a.error().type());
		AttemptKey key = new AttemptKey(bounded.bound(SYSTEM, provider), bounded.bound("deployment", deployment),
				bounded.bound(MODEL, s.alias()), RequestSummary.statusClass(a.status()), errorType);
		Timer timer = attemptTimers.get(key);
		if (timer == null) {
			timer = attemptTimers.computeIfAbsent(key,
					k -> timer(UPSTREAM_ATTEMPTS, "Upstream attempts: time waiting on the provider",
							Tags.of(SYSTEM, k.system(), "deployment", k.deployment(), MODEL, k.model(), "status",
									k.status(), ERROR_TYPE, k.errorType()),
							REQUEST_BUCKETS));
		}
		timer.record(Math.max(0, a.endNanos() - a.startNanos()), TimeUnit.NANOSECONDS);
	}

	private void recordTokens(Usage usage, Series base) {
		if (usage == null || usage.totalTokens() == 0) {
			return;
		}
		// input and output are totals (as OpenTelemetry defines them); the other kinds are parts of them
		base.tokens(0).record(usage.totalInputTokens());
		base.tokens(1).record(usage.outputTokens());
		if (usage.cacheReadTokens() > 0) {
			base.tokens(2).record(usage.cacheReadTokens());
		}
		if (usage.cacheWriteTokens() > 0) {
			base.tokens(3).record(usage.cacheWriteTokens());
		}
		if (usage.reasoningTokens() > 0) {
			base.tokens(4).record(usage.reasoningTokens());
		}
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

	private Series series(RequestSummary s) {
		String team = null;
		if (teamTag) {
			team = bounded.bound("team", s.identity() == null ? null : s.identity().teamId());
		}
		SeriesKey key = new SeriesKey(s.operation(), bounded.bound(SYSTEM, s.provider()), bounded.bound(MODEL, s.alias()),
				bounded.bound("deployment", s.deployment()), bounded.bound("route", s.routeId()), team);
		Series found = series.get(key);
		return found != null ? found : series.computeIfAbsent(key, Series::new);
	}

	/** The tag values every meter of a request shares; {@code team} is null unless the team tag is on. */
	private record SeriesKey(String operation, String system, String model, String deployment, String route,
			String team) {

		Tags tags() {
			Tags tags = Tags.of(OPERATION, operation, SYSTEM, system, MODEL, model, "deployment", deployment, "route",
					route);
			return team == null ? tags : tags.and("team", team);
		}
	}

	private record OutcomeKey(String status, String outcome, String cache, String errorType) {
	}

	private record AttemptKey(String system, String deployment, String model, String status, String errorType) {
	}

	/** The meters of one {@link SeriesKey}: registered when first recorded, so rare ones only appear once used. */
	private final class Series {

		static final int COST = 0;

		static final int CACHE_SAVINGS = 1;

		static final int RATE_LIMIT_REJECTIONS = 2;

		static final int BUDGET_REJECTIONS = 3;

		static final int RETRIES = 4;

		static final int FALLBACKS = 5;

		private final Tags tags;

		private final Map<OutcomeKey, Outcome> outcomes = new ConcurrentHashMap<>();

		private final Map<String, Counter> cacheRequests = new ConcurrentHashMap<>();

		// lazily set; a race registers twice and gets the same meter back (registration is idempotent)
		private final AtomicReferenceArray<Counter> counters = new AtomicReferenceArray<>(6);

		private final AtomicReferenceArray<DistributionSummary> tokens = new AtomicReferenceArray<>(TOKEN_TYPES.length);

		private volatile Timer timeToFirstToken;

		private volatile Timer timePerOutputToken;

		Series(SeriesKey key) {
			this.tags = key.tags();
		}

		Outcome outcome(String status, String outcome, String cache, String errorType) {
			OutcomeKey key = new OutcomeKey(status, outcome, cache, errorType);
			Outcome found = outcomes.get(key);
			return found != null ? found : outcomes.computeIfAbsent(key, k -> new Outcome(tags.and("status", k.status(),
					"outcome", k.outcome(), "cache", k.cache(), ERROR_TYPE, k.errorType())));
		}

		Counter counter(int index, Supplier<Counter.Builder> builder) {
			Counter c = counters.get(index);
			if (c == null) {
				c = builder.get().tags(tags).register(registry);
				counters.set(index, c);
			}
			return c;
		}

		Counter cacheRequests(String result) {
			Counter c = cacheRequests.get(result);
			return c != null ? c : cacheRequests.computeIfAbsent(result, r -> Counter.builder(CACHE_REQUESTS)
				.description("Response cache lookups by result").tags(tags).tag("result", r).register(registry));
		}

		DistributionSummary tokens(int type) {
			DistributionSummary d = tokens.get(type);
			if (d == null) {
				d = DistributionSummary.builder(TOKEN_USAGE)
					.description("Tokens per request by kind: input and output are totals; cache_read and cache_write "
							+ "are parts of input, reasoning a part of output")
					.tags(tags)
					.tag(TOKEN_TYPE, TOKEN_TYPES[type])
					.register(registry);
				tokens.set(type, d);
			}
			return d;
		}

		Timer timeToFirstToken() {
			Timer t = timeToFirstToken;
			if (t == null) {
				t = timer(TIME_TO_FIRST_TOKEN, "Time until the first streamed byte reached the client", tags,
						REQUEST_BUCKETS);
				timeToFirstToken = t;
			}
			return t;
		}

		Timer timePerOutputToken() {
			Timer t = timePerOutputToken;
			if (t == null) {
				t = timer(TIME_PER_OUTPUT_TOKEN, "Generation time per output token after the first", tags,
						TOKEN_BUCKETS);
				timePerOutputToken = t;
			}
			return t;
		}
	}

	/** The meters of one series and outcome. */
	private final class Outcome {

		final Counter requests;

		final Timer duration;

		final Timer overhead;

		Outcome(Tags tags) {
			this.requests = Counter.builder(REQUESTS).description("LLM requests").tags(tags).register(registry);
			this.duration = timer(OPERATION_DURATION, "LLM request duration, received until the last byte", tags,
					REQUEST_BUCKETS);
			this.overhead = timer(OVERHEAD, "Time the gateway itself added: total duration minus time waiting on "
					+ "providers", tags, OVERHEAD_BUCKETS);
		}
	}
}
