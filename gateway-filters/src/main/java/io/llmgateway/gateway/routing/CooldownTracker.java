package io.llmgateway.gateway.routing;

/**
 * Which deployments are out of rotation. A deployment cools down for {@code cooldown} after {@code allowed-fails}
 * failures within the failure window, or at once on a rate-limit or auth failure; a success resets its count.
 * Implementations: in memory, or shared through Redis when the rate limiter runs on Redis.
 */
public interface CooldownTracker {

	/** Records a failed attempt; returns true when this failure started a cooldown. */
	boolean recordFailure(String deploymentId, FailureClass failure, Long retryAfterSeconds);

	void recordSuccess(String deploymentId);

	/** Whether the deployment is cooling down now. */
	boolean isCooling(String deploymentId);

	/** Milliseconds until the deployment leaves its cooldown, 0 when it is not cooling. */
	long remainingMillis(String deploymentId);
}
