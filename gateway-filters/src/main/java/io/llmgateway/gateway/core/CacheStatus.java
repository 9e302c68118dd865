package io.llmgateway.gateway.core;

/** What the response cache did for one exchange. */
public enum CacheStatus {
	/** No cache filter on the route, or caching disabled. */
	NONE, HIT, MISS, BYPASS
}
