package io.llmgateway.gateway.auth;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code llm.keys.*}: the master key and the gateway's own virtual keys.
 *
 * @param enabled whether LLM routes require an identity (a key, a Spring Security principal or trusted headers);
 *     unset means required (secure by default); {@code false} opens LLM routes to anyone on purpose
 * @param masterKey the admin credential, accepted on LLM routes and on the admin API; write it as
 *     {@code ${LLM_MASTER_KEY}}, never in clear in a committed file
 * @param keyPrefix prefix of generated keys
 * @param cacheTtl how long a key read from the database is used before it is re-read in the background; changes made
 *     on another instance (block, delete, update) take effect within this time
 * @param cacheMaxStale how long a key may still be served from memory after the last successful database read when
 *     the database cannot be reached (then a cached key keeps working instead of turning into a 401)
 * @param cacheMaxSize keys kept in memory
 * @param accessGroups named lists of model aliases; a key, team or user listing a group name may use its models
 * @param adminApi serve the {@code /key/*}, {@code /team/*} and {@code /user/*} admin endpoints
 */
@ConfigurationProperties(LlmKeysProperties.PREFIX)
public record LlmKeysProperties(Boolean enabled, String masterKey, String keyPrefix, Duration cacheTtl,
		Duration cacheMaxStale, Integer cacheMaxSize, Map<String, List<String>> accessGroups, Boolean adminApi) {

	public static final String PREFIX = "llm.keys";

	public LlmKeysProperties {
		masterKey = masterKey == null || masterKey.isBlank() ? null : masterKey.trim();
		keyPrefix = keyPrefix == null ? "sk-" : keyPrefix;
		cacheTtl = cacheTtl == null ? Duration.ofSeconds(30) : cacheTtl;
		cacheMaxStale = cacheMaxStale == null ? Duration.ofHours(1) : cacheMaxStale;
		cacheMaxSize = cacheMaxSize == null ? 100_000 : cacheMaxSize;
		accessGroups = accessGroups == null ? Map.of() : Map.copyOf(accessGroups);
		adminApi = adminApi == null || adminApi;
		if (cacheTtl.isNegative() || cacheTtl.isZero()) {
			throw new IllegalArgumentException("llm.keys.cache-ttl must be positive");
		}
	}

	/** An identity is required unless {@code llm.keys.enabled=false}. */
	public boolean required() {
		return enabled == null || enabled;
	}

	/** The master key stays out of logs and actuator output. */
	@Override
	public String toString() {
		return "LlmKeysProperties[enabled=" + enabled + ", masterKey=" + (masterKey == null ? "unset" : "****")
				+ ", keyPrefix=" + keyPrefix + ", cacheTtl=" + cacheTtl + ", cacheMaxStale=" + cacheMaxStale + "]";
	}
}
