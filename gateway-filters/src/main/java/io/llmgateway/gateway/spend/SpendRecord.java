package io.llmgateway.gateway.spend;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One ledger row: what one LLM request cost and why. Immutable, serialisable to a spill-file line as JSON.
 *
 * @param requestId the idempotency key: a row is written at most once per request id
 * @param ttftMs time to the first byte sent to the client, or null when none was sent
 * @param modelAlias the model group the client asked for
 * @param deploymentId the deployment that answered (the last attempted), or null for cache hits and rejections
 * @param cost USD charged: zero for cache hits
 * @param cacheSaving what a cache hit would have cost, or null
 * @param outcome {@code SUCCESS}, {@code FAILED} or {@code CANCELLED}
 * @param priceSource see {@link AppliedPrice#source()}
 * @param requestBody the client's request, only when {@code llm.spend.store-prompts} is on
 * @param responseBody the answer, only when {@code llm.spend.store-prompts} is on
 * @param usageEstimated true when the provider reported no (or partial) usage before the stream ended and tokens
 * were counted by the gateway
 */
public record SpendRecord(String requestId, Instant startedAt, long durationMs, Long ttftMs, String keyId,
		String keyAlias, String userId, String teamId, String endUser, String modelAlias, String deploymentId,
		String provider, String model, String routeId, String clientProtocol, boolean stream, long inputTokens,
		long outputTokens, long cacheReadTokens, long cacheWriteTokens, long reasoningTokens, BigDecimal cost,
		boolean cacheHit, BigDecimal cacheSaving, int status, String outcome, String errorType, int attempts,
		String priceSource, String priceKey, String priceVersion, String requestBody, String responseBody,
		boolean usageEstimated) {
}
