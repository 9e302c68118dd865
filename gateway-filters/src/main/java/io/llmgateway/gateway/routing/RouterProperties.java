package io.llmgateway.gateway.routing;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code llm.router.*}: LiteLLM's {@code router_settings}. How a deployment is chosen within a group, when an attempt
 * is retried, where it falls back to, and when a failing deployment is taken out of rotation.
 *
 * @param enabled set false to go back to plain weighted-random selection without retries
 * @param strategy simple-shuffle (weighted random, default), round-robin, least-busy, latency-based, usage-based,
 * cost-based
 * @param numRetries retries within a group after the first attempt (default 2)
 * @param retryPolicy retries per error class, overriding {@code num-retries}: timeout, rate-limit, server-error,
 * connection-error, auth, bad-request, content-policy, context-window
 * @param retryBackoff first backoff between retries; doubles each retry, with jitter
 * @param maxRetryBackoff the longest backoff (a provider's {@code Retry-After} longer than this skips the wait and
 * moves to another deployment or fallback)
 * @param allowedFails failures of a deployment within {@code failure-window} before it cools down (default 3)
 * @param failureWindow the window over which failures are counted
 * @param cooldown how long a failing deployment stays out of rotation (default 5s)
 * @param fallbacks per model group, the groups to try, in order, when its retries are exhausted
 * @param defaultFallbacks groups to try for any group without its own fallbacks
 * @param contextWindowFallbacks per group, where to go when the prompt is too long
 * @param contentPolicyFallbacks per group, where to go when the provider refuses on content policy
 * @param maxFallbacks at most this many fallback groups per request (default 5)
 * @param timeout the whole-request budget across retries and fallbacks (default 10m)
 * @param latencyBuffer latency-based: deployments within this fraction of the fastest share the load (default 0.2)
 * @param latencyProbeRate latency-based: share of requests sent to a random deployment to keep estimates fresh
 * @param groups per-group overrides (strategy)
 * @param health background health checks
 */
@ConfigurationProperties(RouterProperties.PREFIX)
public record RouterProperties(Boolean enabled, String strategy, Integer numRetries,
		Map<String, Integer> retryPolicy, Duration retryBackoff, Duration maxRetryBackoff, Integer allowedFails,
		Duration failureWindow, Duration cooldown, Map<String, List<String>> fallbacks, List<String> defaultFallbacks,
		Map<String, List<String>> contextWindowFallbacks, Map<String, List<String>> contentPolicyFallbacks,
		Integer maxFallbacks, Duration timeout, Double latencyBuffer, Double latencyProbeRate,
		Map<String, Group> groups, Health health) {

	public static final String PREFIX = "llm.router";

	public RouterProperties {
		enabled = enabled == null || enabled;
		strategy = strategy == null ? "simple-shuffle" : strategy;
		numRetries = numRetries == null ? 2 : numRetries;
		retryPolicy = retryPolicy == null ? Map.of() : Map.copyOf(retryPolicy);
		retryBackoff = retryBackoff == null ? Duration.ofMillis(200) : retryBackoff;
		maxRetryBackoff = maxRetryBackoff == null ? Duration.ofSeconds(8) : maxRetryBackoff;
		allowedFails = allowedFails == null ? 3 : allowedFails;
		failureWindow = failureWindow == null ? Duration.ofMinutes(1) : failureWindow;
		cooldown = cooldown == null ? Duration.ofSeconds(5) : cooldown;
		fallbacks = fallbacks == null ? Map.of() : Map.copyOf(fallbacks);
		defaultFallbacks = defaultFallbacks == null ? List.of() : List.copyOf(defaultFallbacks);
		contextWindowFallbacks = contextWindowFallbacks == null ? Map.of() : Map.copyOf(contextWindowFallbacks);
		contentPolicyFallbacks = contentPolicyFallbacks == null ? Map.of() : Map.copyOf(contentPolicyFallbacks);
		maxFallbacks = maxFallbacks == null ? 5 : maxFallbacks;
		timeout = timeout == null ? Duration.ofMinutes(10) : timeout;
		latencyBuffer = latencyBuffer == null ? 0.2 : latencyBuffer;
		latencyProbeRate = latencyProbeRate == null ? 0.05 : latencyProbeRate;
		groups = groups == null ? Map.of() : Map.copyOf(groups);
		health = health == null ? new Health(false, null, null) : health;
	}

	/** The strategy for one group: its own override, else the router's. */
	public String strategyFor(String group) {
		Group g = groups.get(group);
		return g != null && g.strategy() != null ? g.strategy() : strategy;
	}

	/** Per-group settings. */
	public record Group(String strategy) {
	}

	/**
	 * Background health checks.
	 * @param enabled off by default: health then reflects live traffic only
	 * @param interval time between two checks of one deployment
	 * @param timeout how long one check may take
	 */
	public record Health(boolean enabled, Duration interval, Duration timeout) {

		public Health {
			interval = interval == null ? Duration.ofMinutes(5) : interval;
			timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
		}
	}
}
