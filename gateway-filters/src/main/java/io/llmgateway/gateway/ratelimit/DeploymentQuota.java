package io.llmgateway.gateway.ratelimit;

import java.util.List;

import io.llmgateway.gateway.core.Deployment;
import io.llmgateway.gateway.core.LlmExchange;
import reactor.core.publisher.Mono;

/**
 * The per-deployment {@code rpm}/{@code tpm} of {@code llm.models[]}, tracked by the rate limiter's backend (in
 * memory or on Redis, so every instance sees the same quota). The router reserves one request and the estimated
 * tokens on the deployment it picks ({@link #reserve}), atomically across instances, and skips a deployment whose
 * reservation is refused; at completion the reservation is settled with the actual usage, like the caller limits.
 * A deployment without {@code rpm} and {@code tpm} always has room.
 */
public interface DeploymentQuota {

	/** True when the deployment declares {@code rpm} or {@code tpm}. */
	boolean isLimited(Deployment deployment);

	/** Requests and tokens left this minute for each deployment, in order; one backend round trip for all. */
	Mono<List<Headroom>> headroom(List<Deployment> deployments);

	/**
	 * Takes one request and the estimated tokens ({@code promptTokens} plus the request's {@code max_tokens}, or
	 * {@code llm.rate-limit.default-expected-output-tokens}) from the deployment's quota, only if both fit. A granted
	 * reservation is remembered on {@code llm} and settled at completion with the actual usage (refunded when no
	 * call was made). On a backend failure the request is granted without a reservation (quotas fail open: the
	 * provider enforces its own) and its usage is recorded at completion.
	 */
	Mono<Grant> reserve(LlmExchange llm, Deployment deployment, long promptTokens);

	/** Charges requests and tokens to a deployment, ignoring its limits (they may go negative). */
	Mono<Void> record(Deployment deployment, long requests, long tokens);

	/** The probes that check one deployment has room for a request of {@code tokens}; empty when unlimited. */
	List<RateLimitBackend.Probe> probes(Deployment deployment, long tokens);

	/**
	 * The answer to {@link #reserve}.
	 * @param retryAfterMillis when refused, how long until the deployment has room again
	 */
	record Grant(boolean granted, long retryAfterMillis) {

		public static final Grant GRANTED = new Grant(true, 0);
	}

	/**
	 * Room left this minute.
	 * @param requests requests left, {@link Long#MAX_VALUE} when unlimited
	 * @param tokens tokens left, {@link Long#MAX_VALUE} when unlimited
	 */
	record Headroom(long requests, long tokens) {

		public static final Headroom UNLIMITED = new Headroom(Long.MAX_VALUE, Long.MAX_VALUE);
	}
}
