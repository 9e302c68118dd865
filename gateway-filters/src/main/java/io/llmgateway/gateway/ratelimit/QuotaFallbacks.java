package io.llmgateway.gateway.ratelimit;

/**
 * Which model groups the router sends elsewhere (a fallback group) when all their deployments are out of quota.
 * For those, {@code LlmTokenRateLimit} does not refuse a request up front because the group's own deployments are
 * spent: the router reserves the quota per deployment and falls back. Provided by routing; without it every group
 * is checked up front.
 */
@FunctionalInterface
public interface QuotaFallbacks {

	QuotaFallbacks NONE = group -> false;

	boolean fallsBack(String group);
}
