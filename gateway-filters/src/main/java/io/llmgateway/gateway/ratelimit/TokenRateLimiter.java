package io.llmgateway.gateway.ratelimit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.llmgateway.gateway.core.CacheStatus;
import io.llmgateway.gateway.core.Completion;
import io.llmgateway.gateway.core.Deployment;
import io.llmgateway.gateway.core.Identity;
import io.llmgateway.gateway.core.LlmExchange;
import io.llmgateway.gateway.core.ModelGroup;
import io.llmgateway.gateway.core.StreamedOutputMeter;
import io.llmgateway.gateway.core.TokenEstimator;
import io.llmgateway.translate.model.Usage;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

/**
 * Reserve before, reconcile after. {@link #plan} turns the route's limits, the {@code llm.rate-limit.limits}
 * defaults and the caller's key/team limits into buckets with costs (1 per request bucket, the estimated prompt plus
 * expected output per token bucket); {@link #admit} reserves all of them atomically or none; {@link #reconcile}
 * refunds what was not used or charges the excess once the real usage is known, and releases the concurrency slots,
 * exactly once.
 * <p>
 * Backend failures and timeouts ({@code llm.rate-limit.timeout}) admit without a reservation (fail-open, the default)
 * or answer 503 (fail-closed); either way they are counted in {@code llm.ratelimit.backend.errors}.
 */
public final class TokenRateLimiter {

	private static final Log log = LogFactory.getLog(TokenRateLimiter.class);

	private static final Duration MINUTE = Duration.ofMinutes(1);

	private static final Duration DAY = Duration.ofDays(1);

	private final RateLimitProperties properties;

	private final RateLimitBackend backend;

	private final TokenEstimator estimator;

	private final BucketDeploymentQuota deploymentQuota;

	private final BackendHealth health;

	private final Map<String, KeyScope> scopes = new ConcurrentHashMap<>();

	private final QuotaFallbacks quotaFallbacks;

	private final RateLimitDecisions decisions;

	public TokenRateLimiter(RateLimitProperties properties, RateLimitBackend backend, TokenEstimator estimator,
			MeterRegistry registry) {
		this(properties, backend, estimator, registry, QuotaFallbacks.NONE);
	}

	/**
	 * @param quotaFallbacks groups whose spent deployment quota is not refused up front (the router falls back)
	 */
	public TokenRateLimiter(RateLimitProperties properties, RateLimitBackend backend, TokenEstimator estimator,
			MeterRegistry registry, QuotaFallbacks quotaFallbacks) {
		this.quotaFallbacks = quotaFallbacks;
		this.properties = properties;
		this.backend = backend;
		this.estimator = estimator;
		this.health = new BackendHealth(backend.name(), registry, properties.errorLogInterval());
		this.deploymentQuota = new BucketDeploymentQuota(backend, properties.timeout(), health,
				properties.defaultExpectedOutputTokens());
		this.decisions = new RateLimitDecisions(properties, health, registry);
	}

	public RateLimitProperties properties() {
		return properties;
	}

	public RateLimitBackend backend() {
		return backend;
	}

	public TokenEstimator estimator() {
		return estimator;
	}

	/** The per-deployment quotas, on the same backend. */
	public DeploymentQuota deploymentQuota() {
		return deploymentQuota;
	}

	private static final Mono<RateLimitDecision> UNLIMITED = Mono
		.just(new RateLimitDecision(RateLimitDecision.Outcome.UNLIMITED, null, null, null));

	/**
	 * What {@code llm} would reserve under {@code routeLimits} (plus the configured defaults and the caller's
	 * limits).
	 * @param tokenType the route's token type, or null for {@code llm.rate-limit.token-type}
	 * @param expectedOutput the route's expected output tokens, or null for the configured default
	 */
	public RateLimitPlan plan(LlmExchange llm, List<LimitSpec> routeLimits, TokenType tokenType, Integer expectedOutput) {
		TokenType type = tokenType == null ? properties.tokenType() : tokenType;
		if (properties.limits().isEmpty() && routeLimits.isEmpty() && !hasIdentityLimits(llm)
				&& !anyDeploymentLimited(llm.group())) {
			// the common case without any limit: no lists, maps or token count per request
			return RateLimitPlan.none(type);
		}
		long defaultOutput = expectedOutput == null ? properties.defaultExpectedOutputTokens() : expectedOutput;
		List<LimitSpec> specs = new ArrayList<>(properties.limits());
		specs.addAll(routeLimits);
		specs.addAll(identityLimits(llm));
		Map<String, BucketLimit> buckets = new LinkedHashMap<>();
		Map<String, ConcurrencyLimit> slots = new LinkedHashMap<>();
		for (LimitSpec spec : specs) {
			if (spec.isEmpty()) {
				continue;
			}
			String scope = scopes.computeIfAbsent(spec.by(), KeyScope::parse).resolve(llm);
			if (scope == null) {
				continue;
			}
			add(buckets, "rpm", scope, BucketLimit.Unit.REQUESTS, spec.rpm(), MINUTE);
			add(buckets, "rpd", scope, BucketLimit.Unit.REQUESTS, spec.rpd(), DAY);
			add(buckets, "tpm", scope, BucketLimit.Unit.TOKENS, spec.tpm(), MINUTE);
			add(buckets, "tpd", scope, BucketLimit.Unit.TOKENS, spec.tpd(), DAY);
			if (spec.maxParallel() != null) {
				ConcurrencyLimit c = ConcurrencyLimit.of(scope, spec.maxParallel());
				slots.putIfAbsent(c.key(), c);
			}
		}
		ModelGroup group = llm.group();
		boolean needTokens = buckets.values().stream().anyMatch(b -> b.unit() == BucketLimit.Unit.TOKENS)
				|| (group != null && group.deployments().stream().anyMatch(deploymentQuota::isLimited));
		long prompt = 0;
		long output = 0;
		if (needTokens && llm.request() != null) {
			prompt = estimator.promptTokens(llm, tokenizerModel(llm));
			output = TokenEstimator.expectedOutput(llm.request(), defaultOutput);
		}
		long reserved = type.reserve(prompt, output);
		List<BucketLimit> list = List.copyOf(buckets.values());
		long[] costs = new long[list.size()];
		for (int i = 0; i < costs.length; i++) {
			costs[i] = list.get(i).unit() == BucketLimit.Unit.REQUESTS ? 1 : reserved;
		}
		return new RateLimitPlan(list, costs, List.copyOf(slots.values()), alternatives(group, prompt + output),
				group == null ? null : group.name(), type, prompt, output, reserved);
	}

	/** Reserves the plan; never fails (backend errors become BYPASSED or UNAVAILABLE). */
	public Mono<RateLimitDecision> admit(RateLimitPlan plan) {
		if (plan.isEmpty()) {
			return UNLIMITED;
		}
		for (int i = 0; i < plan.buckets().size(); i++) {
			if (plan.buckets().get(i).capacity() == 0) {
				return Mono.just(decisions.denied(plan, RateLimitBackend.Acquisition.deniedByBucket(i,
						plan.buckets().get(i).periodMillis(), 0)));
			}
		}
		for (int j = 0; j < plan.slots().size(); j++) {
			if (plan.slots().get(j).limit() == 0) {
				return Mono.just(decisions.denied(plan, RateLimitBackend.Acquisition.deniedBySlot(j, 0)));
			}
		}
		if (backend instanceof LocalRateLimitBackend local) {
			// in memory, lock-free and never blocking: no timer, no reactive plumbing on the hot path
			try {
				return Mono.just(decide(plan, local.acquireNow(plan.toRequest())));
			}
			catch (RuntimeException ex) {
				return Mono.just(decisions.failed(ex));
			}
		}
		return backend.acquire(plan.toRequest())
			.timeout(properties.timeout())
			.map(a -> decide(plan, a))
			.onErrorResume(ex -> Mono.just(decisions.failed(ex)));
	}

	private RateLimitDecision decide(RateLimitPlan plan, RateLimitBackend.Acquisition a) {
		return a.allowed() ? decisions.admitted(plan, a) : decisions.denied(plan, a);
	}

	/**
	 * Settles the reservation from the exchange's outcome: the real usage (or, for a cut stream, the usage so far),
	 * nothing for a cache hit unless {@code charge-cache-hits}. Releases the concurrency slots. Runs once per
	 * reservation; later calls do nothing. Never blocks: the backend call is asynchronous.
	 */
	public Mono<Void> reconcile(Reservation reservation, LlmExchange llm) {
		if (!reservation.settle()) {
			return Mono.empty();
		}
		RateLimitPlan plan = reservation.plan();
		boolean free = llm.cacheStatus() == CacheStatus.HIT && !properties.chargeCacheHits();
		long actual = free ? 0 : actualTokens(plan.tokenType(), plan, llm);
		if (log.isDebugEnabled()) {
			log.debug("Reconciling request " + llm.requestId() + " (" + llm.completion() + ", usage " + llm.usage()
					+ ", cache " + llm.cacheStatus() + "): reserved " + plan.reservedTokens() + ", charged " + actual);
		}
		List<BucketLimit> buckets = new ArrayList<>(plan.buckets());
		List<Long> deltas = new ArrayList<>(buckets.size() + 2);
		boolean any = !plan.slots().isEmpty();
		for (int i = 0; i < plan.buckets().size(); i++) {
			boolean tokens = plan.buckets().get(i).unit() == BucketLimit.Unit.TOKENS;
			long delta = tokens ? actual - plan.costs()[i] : (free ? -1 : 0);
			deltas.add(delta);
			any |= delta != 0;
		}
		if (llm.cacheStatus() != CacheStatus.HIT) {
			// the deployment quota rides on the same round trip
			int before = buckets.size();
			deploymentQuota.collectUsage(llm, actualTokens(TokenType.TOTAL, plan, llm), buckets, deltas);
			any |= buckets.size() > before;
		}
		if (!any) {
			return Mono.empty();
		}
		long[] d = deltas.stream().mapToLong(Long::longValue).toArray();
		if (backend instanceof LocalRateLimitBackend local) {
			local.adjustNow(buckets, d, plan.slots());
			return Mono.empty();
		}
		return backend.adjust(buckets, d, plan.slots()).timeout(properties.timeout()).onErrorResume(ex -> {
			health.failed("adjust", ex, properties.failOpen());
			return Mono.empty();
		});
	}

	/**
	 * Records deployment usage for an exchange that holds no reservation (a route without this filter, or one
	 * admitted while the backend was failing).
	 */
	public Mono<Void> recordDeploymentUsage(LlmExchange llm) {
		if (llm.cacheStatus() == CacheStatus.HIT) {
			return Mono.empty();
		}
		List<BucketLimit> buckets = new ArrayList<>(2);
		List<Long> deltas = new ArrayList<>(2);
		Usage usage = llm.usage();
		deploymentQuota.collectUsage(llm, usage == null ? 0 : usage.totalTokens(), buckets, deltas);
		if (buckets.isEmpty()) {
			return Mono.empty();
		}
		long[] d = deltas.stream().mapToLong(Long::longValue).toArray();
		return backend.adjust(buckets, d, List.of()).timeout(properties.timeout()).onErrorResume(ex -> {
			health.failed("record", ex, properties.failOpen());
			return Mono.empty();
		});
	}

	/**
	 * Tokens to charge: the usage on the context. For a stream that did not complete (client gone, upstream cut)
	 * before the provider reported its usage, what was generated is estimated from the content sent to the client
	 * ({@code chars-per-token}), and the prompt from the reservation's estimate when the provider was called. Any
	 * other request without usage is charged nothing.
	 */
	private long actualTokens(TokenType type, RateLimitPlan plan, LlmExchange llm) {
		Usage usage = llm.usage();
		StreamedOutputMeter counter = llm.streamedOutput();
		boolean cut = llm.completion() == Completion.CANCELLED || (counter != null && counter.isCut());
		boolean complete = llm.completion() == Completion.SUCCESS && !cut;
		if (usage != null && (complete || usage.outputTokens() > 0)) {
			return type.of(usage);
		}
		if (complete) {
			// an answer without reported usage: the reservation stands
			return type == TokenType.TOTAL ? plan.promptTokens() + plan.expectedOutputTokens()
					: type == TokenType.INPUT ? plan.promptTokens() : plan.expectedOutputTokens();
		}
		long generated = counter == null ? 0 : (long) Math.ceil(counter.chars() / properties.charsPerToken());
		if (usage != null) {
			return type.of(new Usage(usage.inputTokens(), generated, usage.cacheReadTokens(),
					usage.cacheWriteTokens(), 0));
		}
		if ((cut && llm.upstreamSentNanos() != 0) || generated > 0) {
			return type.of(new Usage(plan.promptTokens(), generated, 0, 0, 0));
		}
		return 0;
	}

	private List<List<RateLimitBackend.Probe>> alternatives(ModelGroup group, long tokens) {
		if (group == null || group.deployments().isEmpty() || quotaFallbacks.fallsBack(group.name())) {
			return List.of();
		}
		List<List<RateLimitBackend.Probe>> out = new ArrayList<>();
		for (Deployment d : group.deployments()) {
			if (!deploymentQuota.isLimited(d)) {
				// one deployment without a quota always has room: nothing to check
				return List.of();
			}
			out.add(deploymentQuota.probes(d, tokens));
		}
		return out;
	}

	/**
	 * The caller's own limits: the key's under {@code key}, the team's (shared by every key of the team) under
	 * {@code team}, the user's under {@code user}; per-model limits add the model to the scope.
	 */
	private static boolean hasIdentityLimits(LlmExchange llm) {
		Identity id = llm.identity();
		return id != null && (id.limits() != null || id.teamLimits() != null || id.userLimits() != null);
	}

	private boolean anyDeploymentLimited(ModelGroup group) {
		if (group == null) {
			return false;
		}
		for (Deployment d : group.deployments()) {
			if (deploymentQuota.isLimited(d)) {
				return true;
			}
		}
		return false;
	}

	private static List<LimitSpec> identityLimits(LlmExchange llm) {
		Identity id = llm.identity();
		if (id.limits() == null && id.teamLimits() == null && id.userLimits() == null) {
			return List.of();
		}
		String model = llm.group() != null ? llm.group().name() : llm.requestedModel();
		List<LimitSpec> out = new ArrayList<>(4);
		addIdentityLimits(out, "key", id.keyId(), id.limits(), model);
		addIdentityLimits(out, "team", id.teamId(), id.teamLimits(), model);
		addIdentityLimits(out, "user", id.userId(), id.userLimits(), model);
		return out;
	}

	private static void addIdentityLimits(List<LimitSpec> out, String by, String owner, Identity.Limits l,
			String model) {
		if (l == null || owner == null) {
			return;
		}
		out.add(new LimitSpec(by, l.rpm(), l.rpd(), l.tpm(), l.tpd(), l.maxParallel()));
		if (model != null) {
			Long tpm = l.modelTpm() == null ? null : l.modelTpm().get(model);
			Long rpm = l.modelRpm() == null ? null : l.modelRpm().get(model);
			if (tpm != null || rpm != null) {
				out.add(new LimitSpec(by + "+model", rpm, null, tpm, null, null));
			}
		}
	}

	/** The provider model decides the tokenizer when the group has one; the alias otherwise. */
	private static String tokenizerModel(LlmExchange llm) {
		if (llm.deployment() != null) {
			return llm.deployment().model();
		}
		if (llm.group() != null && !llm.group().deployments().isEmpty()) {
			return llm.group().deployments().get(0).model();
		}
		return llm.requestedModel();
	}

	private static void add(Map<String, BucketLimit> buckets, String name, String scope, BucketLimit.Unit unit,
			Long capacity, Duration period) {
		if (capacity != null) {
			BucketLimit b = BucketLimit.of(name, scope, unit, capacity, period);
			buckets.putIfAbsent(b.key(), b);
		}
	}
}
