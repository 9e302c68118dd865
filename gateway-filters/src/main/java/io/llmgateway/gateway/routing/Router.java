package io.llmgateway.gateway.routing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import io.llmgateway.gateway.core.AttemptFailedException;
import io.llmgateway.gateway.core.Deployment;
import io.llmgateway.gateway.core.LlmAlert;
import io.llmgateway.gateway.core.LlmExchange;
import io.llmgateway.gateway.core.ModelGroup;
import io.llmgateway.gateway.core.DeploymentCall;
import io.llmgateway.gateway.core.RequestRouter;
import io.llmgateway.gateway.model.ModelRegistry;
import io.llmgateway.gateway.ratelimit.DeploymentQuota;
import io.llmgateway.translate.model.ErrorType;
import io.llmgateway.translate.model.LlmError;
import org.springframework.context.ApplicationEventPublisher;
import reactor.core.publisher.Mono;

/**
 * Runs one request through its group's deployments until one answers: chooses a deployment, retries failed attempts
 * (per error class, with exponential backoff and jitter, honouring {@code Retry-After}, preferably on another
 * deployment), then walks the fallback groups, all within the whole-request budget. Failures only count while
 * nothing has reached the client: once a stream has started, the dispatcher ends it with an in-band error and the
 * router never tries again. Feeds cooldowns and live statistics. Chat and embeddings alike: what an attempt does is
 * the caller's {@link DeploymentCall}.
 */
public class Router implements RequestRouter {

	private final RouterProperties properties;

	private final RoutingDeploymentSelector selector;

	private final CooldownTracker cooldowns;

	private final DeploymentStats stats;

	private final ModelRegistry registry;

	private final ContextWindowGuard contextWindow;

	private final ApplicationEventPublisher events;

	private final DeploymentQuota quota;

	/**
	 * @param quota the rate limiter's shared per-deployment quota, or null to rely on this instance's own counts
	 */
	public Router(RouterProperties properties, RoutingDeploymentSelector selector, CooldownTracker cooldowns,
			DeploymentStats stats, ModelRegistry registry, ContextWindowGuard contextWindow,
			ApplicationEventPublisher events, DeploymentQuota quota) {
		this.quota = quota;
		this.properties = properties;
		this.selector = selector;
		this.cooldowns = cooldowns;
		this.stats = stats;
		this.registry = registry;
		this.contextWindow = contextWindow;
		this.events = events;
	}

	@Override
	public <T> Mono<T> route(LlmExchange llm, DeploymentCall<T> call) {
		return next(llm, new State<>(llm.group(), System.nanoTime() + properties.timeout().toNanos(), call));
	}

	private <T> Mono<T> next(LlmExchange llm, State<T> state) {
		return choose(llm, state).singleOptional().flatMap(chosen -> {
			if (chosen.isEmpty()) {
				return fallbackOrFail(llm, state, state.lastError != null ? state.lastError : unavailable(state));
			}
			return attempt(llm, state, chosen.get());
		});
	}

	private <T> Mono<T> attempt(LlmExchange llm, State<T> state, Deployment deployment) {
		state.attempts++;
		llm.error(null);
		String id = deployment.id();
		stats.started(id);
		long start = System.nanoTime();
		return state.call.attempt(deployment, state.attempts)
			.doOnSuccess(v -> succeeded(llm, deployment, start))
			.onErrorResume(AttemptFailedException.class, ex -> failed(llm, state, deployment, ex.error()))
			.doFinally(signal -> stats.finished(id));
	}

	/**
	 * The next deployment to try: not tried, not cooling, not saturated, large enough for the prompt (those that are
	 * not are remembered as context-window failures), with quota left.
	 */
	private Mono<Deployment> choose(LlmExchange llm, State<?> state) {
		List<Deployment> candidates = new ArrayList<>(selector.available(state.group, state.tried));
		candidates.removeIf(d -> {
			if (contextWindow.fits(llm, d)) {
				return false;
			}
			state.tried.add(d.id());
			state.contextWindowExceeded = true;
			state.lastError = contextWindow.error(llm, d);
			return true;
		});
		if (candidates.isEmpty()) {
			return Mono.empty();
		}
		if (quota == null || candidates.stream().noneMatch(quota::isLimited)) {
			return Mono.justOrEmpty(selector.choose(state.group, candidates));
		}
		return reserve(llm, state, candidates, contextWindow.promptTokens(llm));
	}

	/**
	 * Lets the strategy pick among the candidates and reserves the pick's quota; a pick whose quota is spent is
	 * dropped and the strategy picks again among the rest (one backend round trip per pick).
	 */
	private Mono<Deployment> reserve(LlmExchange llm, State<?> state, List<Deployment> candidates, long promptTokens) {
		Deployment pick = selector.choose(state.group, candidates);
		if (pick == null || !quota.isLimited(pick)) {
			return Mono.justOrEmpty(pick);
		}
		return quota.reserve(llm, pick, promptTokens).flatMap(grant -> {
			if (grant.granted()) {
				return Mono.just(pick);
			}
			state.outOfQuota = true;
			state.quotaRetryMillis = Math.min(state.quotaRetryMillis, grant.retryAfterMillis());
			List<Deployment> rest = new ArrayList<>(candidates);
			rest.remove(pick);
			return reserve(llm, state, rest, promptTokens);
		});
	}

	private void succeeded(LlmExchange llm, Deployment deployment, long start) {
		cooldowns.recordSuccess(deployment.id());
		long firstByte = llm.firstUpstreamByteNanos();
		if (firstByte > start) {
			stats.latency(deployment.id(), (firstByte - start) / 1_000_000d);
		}
		if (llm.usage() != null) {
			stats.tokens(deployment.id(), llm.usage().totalTokens());
		}
		stats.outcome(deployment.id(), llm.error() == null, llm.error() == null ? null : llm.error().message());
	}

	private <T> Mono<T> failed(LlmExchange llm, State<T> state, Deployment deployment, LlmError error) {
		FailureClass failure = FailureClass.of(error);
		state.lastError = error;
		stats.outcome(deployment.id(), false, error.message());
		// like LiteLLM, a group's only deployment never cools down: there is nowhere else to send its traffic
		boolean alone = state.group.deployments().size() < 2;
		if (!alone && cooldowns.recordFailure(deployment.id(), failure, error.retryAfterSeconds())) {
			events.publishEvent(new LlmAlert("cooldown", "cooldown:" + deployment.id(),
					"Deployment " + deployment.id() + " is cooling down after " + failure.key() + ": " + error.message(),
					Map.of("deployment", deployment.id(), "group", deployment.group(), "failure", failure.key(),
							"cooldownMillis", cooldowns.remainingMillis(deployment.id())),
					null));
		}
		if (failure == FailureClass.CONTEXT_WINDOW) {
			state.contextWindowExceeded = true;
		}
		if (failure == FailureClass.CONTENT_POLICY) {
			state.contentPolicy = true;
		}
		if (state.retries < retriesFor(failure) && !expired(state)) {
			state.retries++;
			if (state.group.deployments().size() > 1) {
				state.tried.add(deployment.id());
				if (state.tried.size() >= state.group.deployments().size()) {
					state.tried.clear();
				}
			}
			Duration wait = backoff(state.retries, error.retryAfterSeconds());
			if (wait == null) {
				// the provider asks for a longer pause than we wait: do not retry this deployment now
				state.tried.add(deployment.id());
				wait = Duration.ZERO;
			}
			Mono<T> retry = Mono.defer(() -> next(llm, state));
			return wait.isZero() ? retry : Mono.delay(wait).then(retry);
		}
		return fallbackOrFail(llm, state, error);
	}

	/** The next fallback group, or the end: the error to report, with nothing written to the client. */
	private <T> Mono<T> fallbackOrFail(LlmExchange llm, State<T> state, LlmError error) {
		ModelGroup fallback = expired(state) ? null : nextFallback(llm, state, error);
		if (fallback == null) {
			llm.error(error);
			return Mono.error(new AttemptFailedException(error));
		}
		state.fallbacks++;
		state.group = fallback;
		state.tried = new HashSet<>();
		state.retries = 0;
		state.lastError = null;
		llm.fallbackUsed(true);
		return next(llm, state);
	}

	private ModelGroup nextFallback(LlmExchange llm, State<?> state, LlmError error) {
		if (state.fallbacks >= properties.maxFallbacks()) {
			return null;
		}
		FailureClass failure = FailureClass.of(error);
		if (failure == FailureClass.BAD_REQUEST) {
			return null;
		}
		if (state.candidates == null) {
			state.candidates = fallbackList(llm.group().name(), state);
		}
		while (!state.candidates.isEmpty()) {
			String name = state.candidates.remove(0);
			ModelGroup group = registry.group(name);
			if (group != null && !group.name().equals(state.group.name())) {
				return group;
			}
		}
		return null;
	}

	private List<String> fallbackList(String primary, State<?> state) {
		List<String> list;
		if (state.contextWindowExceeded) {
			list = properties.contextWindowFallbacks().getOrDefault(primary, List.of());
		}
		else if (state.contentPolicy) {
			list = properties.contentPolicyFallbacks().getOrDefault(primary, List.of());
		}
		else {
			list = properties.fallbacks().getOrDefault(primary, properties.defaultFallbacks());
		}
		return new ArrayList<>(list);
	}

	int retriesFor(FailureClass failure) {
		Integer configured = properties.retryPolicy().get(failure.key());
		if (configured != null) {
			return configured;
		}
		return failure.retryableByDefault() ? properties.numRetries() : 0;
	}

	/**
	 * Exponential backoff with jitter, or the provider's {@code Retry-After} when it says more. Null when that is
	 * longer than {@code max-retry-backoff}.
	 */
	Duration backoff(int retry, Long retryAfterSeconds) {
		if (retryAfterSeconds != null && retryAfterSeconds > 0) {
			Duration asked = Duration.ofSeconds(retryAfterSeconds);
			return asked.compareTo(properties.maxRetryBackoff()) > 0 ? null : asked;
		}
		long base = properties.retryBackoff().toMillis() << Math.min(retry - 1, 10);
		long capped = Math.min(base, properties.maxRetryBackoff().toMillis());
		double jitter = 0.5 + ThreadLocalRandom.current().nextDouble() * 0.5;
		return Duration.ofMillis((long) (capped * jitter));
	}

	private boolean expired(State<?> state) {
		return System.nanoTime() > state.deadlineNanos;
	}

	private LlmError unavailable(State<?> state) {
		ModelGroup group = state.group;
		if (selector.allCooling(group)) {
			long millis = selector.soonestRecoveryMillis(group);
			long seconds = Math.max(1, (millis + 999) / 1000);
			return LlmError.of(ErrorType.UNAVAILABLE, "all_deployments_cooling_down",
					"Every deployment of model '" + group.name() + "' is cooling down after failures; retry in "
							+ seconds + " s.")
				.withRetryAfter(seconds);
		}
		if (state.outOfQuota) {
			long seconds = Math.max(1, (state.quotaRetryMillis + 999) / 1000);
			return LlmError.of(ErrorType.RATE_LIMIT, "deployment_quota_exceeded",
					"Every deployment of model '" + group.name()
							+ "' that could take this request is out of its rpm/tpm quota; retry in " + seconds + " s.")
				.withParam("deployment_quota")
				.withRetryAfter(seconds);
		}
		return LlmError.of(ErrorType.RATE_LIMIT, "no_deployment_available",
				"No deployment of model '" + group.name() + "' has capacity now (rpm, tpm or max-parallel reached); "
						+ "retry shortly.")
			.withRetryAfter(1L);
	}

	/** Per-request routing state; touched by one signal at a time. */
	private static final class State<T> {

		final DeploymentCall<T> call;

		ModelGroup group;

		final long deadlineNanos;

		Set<String> tried = new HashSet<>();

		int retries;

		int attempts;

		int fallbacks;

		LlmError lastError;

		List<String> candidates;

		boolean contextWindowExceeded;

		boolean contentPolicy;

		/** Some deployment was skipped because its quota was spent. */
		boolean outOfQuota;

		/** The soonest a skipped deployment has quota again. */
		long quotaRetryMillis = Long.MAX_VALUE;

		State(ModelGroup group, long deadlineNanos, DeploymentCall<T> call) {
			this.call = call;
			this.group = group;
			this.deadlineNanos = deadlineNanos;
		}
	}
}
