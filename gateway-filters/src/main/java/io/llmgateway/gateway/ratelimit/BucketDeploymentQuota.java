package io.llmgateway.gateway.ratelimit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.llmgateway.gateway.core.Attempt;
import io.llmgateway.gateway.core.Deployment;
import io.llmgateway.gateway.core.LlmExchange;
import io.llmgateway.gateway.core.TokenEstimator;
import reactor.core.publisher.Mono;

/**
 * {@link DeploymentQuota} on the rate limiter's {@link RateLimitBackend}: one request bucket ({@code rpm}) and one
 * token bucket ({@code tpm}, total tokens, as providers count them) per deployment, keyed by deployment id.
 */
public final class BucketDeploymentQuota implements DeploymentQuota {

	private static final Duration MINUTE = Duration.ofMinutes(1);

	private final RateLimitBackend backend;

	private final Duration timeout;

	private final BackendHealth health;

	private final long defaultExpectedOutput;

	BucketDeploymentQuota(RateLimitBackend backend, Duration timeout, BackendHealth health,
			long defaultExpectedOutput) {
		this.backend = backend;
		this.timeout = timeout;
		this.health = health;
		this.defaultExpectedOutput = defaultExpectedOutput;
	}

	@Override
	public boolean isLimited(Deployment d) {
		return rpm(d) != null || tpm(d) != null;
	}

	@Override
	public Mono<List<Headroom>> headroom(List<Deployment> deployments) {
		List<BucketLimit> buckets = new ArrayList<>();
		for (Deployment d : deployments) {
			buckets.addAll(buckets(d));
		}
		return backend.available(buckets).timeout(timeout).map(levels -> {
			List<Headroom> out = new ArrayList<>(deployments.size());
			int i = 0;
			for (Deployment d : deployments) {
				long requests = Long.MAX_VALUE;
				long tokens = Long.MAX_VALUE;
				if (rpm(d) != null) {
					requests = levels[i++];
				}
				if (tpm(d) != null) {
					tokens = levels[i++];
				}
				out.add(new Headroom(requests, tokens));
			}
			return out;
		});
	}

	@Override
	public Mono<Grant> reserve(LlmExchange llm, Deployment d, long promptTokens) {
		List<BucketLimit> buckets = buckets(d);
		if (buckets.isEmpty()) {
			return Mono.just(Grant.GRANTED);
		}
		long tokens = promptTokens
				+ (llm.request() == null ? 0 : TokenEstimator.expectedOutput(llm.request(), defaultExpectedOutput));
		long[] costs = new long[buckets.size()];
		for (int i = 0; i < costs.length; i++) {
			costs[i] = buckets.get(i).unit() == BucketLimit.Unit.REQUESTS ? 1 : tokens;
		}
		RateLimitBackend.AcquireRequest request = new RateLimitBackend.AcquireRequest(buckets, costs, List.of(),
				List.of());
		if (backend instanceof LocalRateLimitBackend local) {
			return Mono.just(granted(llm, d, tokens, local.acquireNow(request)));
		}
		return backend.acquire(request)
			.timeout(timeout)
			.map(a -> granted(llm, d, tokens, a))
			.onErrorResume(ex -> {
				health.failed("reserve", ex, true);
				return Mono.just(Grant.GRANTED);
			});
	}

	private static Grant granted(LlmExchange llm, Deployment d, long tokens, RateLimitBackend.Acquisition a) {
		if (!a.allowed()) {
			return new Grant(false, a.retryAfterMillis());
		}
		DeploymentReservations.of(llm).add(d, tokens);
		return Grant.GRANTED;
	}

	@Override
	public Mono<Void> record(Deployment d, long requests, long tokens) {
		List<BucketLimit> buckets = buckets(d);
		if (buckets.isEmpty() || (requests == 0 && tokens == 0)) {
			return Mono.empty();
		}
		long[] deltas = new long[buckets.size()];
		int i = 0;
		if (rpm(d) != null) {
			deltas[i++] = requests;
		}
		if (tpm(d) != null) {
			deltas[i] = tokens;
		}
		return backend.adjust(buckets, deltas, List.of()).timeout(timeout).onErrorResume(ex -> {
			health.failed("record", ex, true);
			return Mono.empty();
		});
	}

	@Override
	public List<RateLimitBackend.Probe> probes(Deployment d, long tokens) {
		List<RateLimitBackend.Probe> probes = new ArrayList<>(2);
		for (BucketLimit b : buckets(d)) {
			probes.add(new RateLimitBackend.Probe(b, b.unit() == BucketLimit.Unit.REQUESTS ? 1 : tokens));
		}
		return probes;
	}

	/**
	 * Adds to {@code buckets}/{@code deltas} what {@code llm} used of its deployments: one request per attempt,
	 * and {@code tokens} (total tokens) to the deployment that answered. An attempt made under a reservation is
	 * charged only the difference to what was reserved; a reservation no attempt used is refunded.
	 */
	void collectUsage(LlmExchange llm, long tokens, List<BucketLimit> buckets, List<Long> deltas) {
		DeploymentReservations reserved = DeploymentReservations.find(llm);
		List<Attempt> attempts = llm.attempts();
		if (attempts.isEmpty()) {
			if (llm.deployment() != null) {
				settle(llm.deployment(), tokens, reserved, buckets, deltas);
			}
		}
		for (int i = 0; i < attempts.size(); i++) {
			Deployment d = attempts.get(i).deployment();
			if (d != null) {
				settle(d, i == attempts.size() - 1 ? tokens : 0, reserved, buckets, deltas);
			}
		}
		if (reserved != null) {
			for (DeploymentReservations.Held unused : reserved.drain()) {
				collect(unused.deployment(), -1, -unused.tokens(), buckets, deltas);
			}
		}
	}

	private void settle(Deployment d, long tokens, DeploymentReservations reserved, List<BucketLimit> buckets,
			List<Long> deltas) {
		DeploymentReservations.Held held = reserved == null ? null : reserved.take(d.id());
		if (held == null) {
			collect(d, 1, tokens, buckets, deltas);
		}
		else {
			collect(d, 0, tokens - held.tokens(), buckets, deltas);
		}
	}

	private void collect(Deployment d, long requests, long tokens, List<BucketLimit> buckets, List<Long> deltas) {
		for (BucketLimit b : buckets(d)) {
			long delta = b.unit() == BucketLimit.Unit.REQUESTS ? requests : tokens;
			if (delta != 0) {
				buckets.add(b);
				deltas.add(delta);
			}
		}
	}

	/** The deployment's buckets: rpm first, then tpm, each only when configured. */
	List<BucketLimit> buckets(Deployment d) {
		List<BucketLimit> out = new ArrayList<>(2);
		String scope = "deployment=" + d.id();
		Long rpm = rpm(d);
		Long tpm = tpm(d);
		if (rpm != null) {
			out.add(BucketLimit.of("deployment-rpm", scope, BucketLimit.Unit.REQUESTS, rpm, MINUTE));
		}
		if (tpm != null) {
			out.add(BucketLimit.of("deployment-tpm", scope, BucketLimit.Unit.TOKENS, tpm, MINUTE));
		}
		return out;
	}

	private static Long rpm(Deployment d) {
		return d.config() == null || d.config().rpm() == null || d.config().rpm() <= 0 ? null : d.config().rpm();
	}

	private static Long tpm(Deployment d) {
		return d.config() == null || d.config().tpm() == null || d.config().tpm() <= 0 ? null : d.config().tpm();
	}
}
