package io.llmgateway.gateway.ratelimit;

import java.util.List;

import io.llmgateway.gateway.core.Deployment;
import reactor.core.publisher.Mono;

/**
 * The per-deployment {@code rpm}/{@code tpm} of {@code llm.models[]}, tracked by the rate limiter's backend (in
 * memory or on Redis, so every instance sees the same quota). Routing asks for headroom to skip a deployment that is
 * out of quota; usage is recorded at completion for every attempt. A deployment without {@code rpm} and {@code tpm}
 * always has headroom.
 */
public interface DeploymentQuota {

	/** True when the deployment declares {@code rpm} or {@code tpm}. */
	boolean isLimited(Deployment deployment);

	/** Requests and tokens left this minute for each deployment, in order; one backend round trip for all. */
	Mono<List<Headroom>> headroom(List<Deployment> deployments);

	/**
	 * The candidates, in their order, that can take one more request of about {@code tokens} tokens. On a backend
	 * failure every candidate is returned (quotas fail open: the provider enforces its own).
	 */
	Mono<List<Deployment>> withHeadroom(List<Deployment> candidates, long tokens);

	/** Charges requests and tokens to a deployment, ignoring its limits (they may go negative). */
	Mono<Void> record(Deployment deployment, long requests, long tokens);

	/** The probes that check one deployment has room for a request of {@code tokens}; empty when unlimited. */
	List<RateLimitBackend.Probe> probes(Deployment deployment, long tokens);

	/**
	 * Room left this minute.
	 * @param requests requests left, {@link Long#MAX_VALUE} when unlimited
	 * @param tokens tokens left, {@link Long#MAX_VALUE} when unlimited
	 */
	record Headroom(long requests, long tokens) {

		public static final Headroom UNLIMITED = new Headroom(Long.MAX_VALUE, Long.MAX_VALUE);

		/** True when one more request of {@code estimatedTokens} fits. */
		public boolean allows(long estimatedTokens) {
			return requests >= 1 && tokens >= estimatedTokens;
		}
	}
}
