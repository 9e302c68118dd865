package io.llmgateway.gateway.cache;

import java.time.Duration;

import org.springframework.http.HttpHeaders;
import tools.jackson.databind.JsonNode;

/**
 * What one request asks of the cache, from the {@code Cache-Control} request header and LiteLLM's body field
 * {@code cache: {"no-cache", "no-store", "ttl", "s-maxage", "namespace"}}. The body wins where both speak.
 * Malformed values are ignored rather than refused, as LiteLLM does.
 *
 * @param noCache do not answer from the cache (the fresh answer is still stored)
 * @param noStore do not store the answer
 * @param ttl how long to keep the answer, or null for the route's TTL
 * @param maxAgeSeconds accept only entries at most this old, or null for any fresh entry
 * @param namespace a sub-namespace inside the caller's namespace, or null
 */
public record CacheControls(boolean noCache, boolean noStore, Duration ttl, Long maxAgeSeconds, String namespace) {

	public static final CacheControls NONE = new CacheControls(false, false, null, null, null);

	/** Client TTLs are capped here so no arithmetic on them can overflow. */
	static final long MAX_TTL_SECONDS = 30L * 24 * 3600;

	/** The name of the body field, as LiteLLM spells it. */
	public static final String BODY_FIELD = "cache";

	public static CacheControls from(HttpHeaders headers, JsonNode body) {
		boolean noCache = false;
		boolean noStore = false;
		Duration ttl = null;
		Long maxAge = null;
		String namespace = null;
		for (String value : headers.getOrEmpty(HttpHeaders.CACHE_CONTROL)) {
			for (String directive : value.split(",")) {
				String d = directive.trim().toLowerCase(java.util.Locale.ROOT);
				if (d.equals("no-cache")) {
					noCache = true;
				}
				else if (d.equals("no-store")) {
					noStore = true;
				}
				else if (d.startsWith("max-age=") || d.startsWith("s-maxage=")) {
					Long seconds = seconds(d.substring(d.indexOf('=') + 1));
					if (seconds != null) {
						maxAge = seconds;
					}
				}
			}
		}
		if (body != null && body.isObject()) {
			noCache |= flag(body.get("no-cache"));
			noStore |= flag(body.get("no-store"));
			Long t = seconds(body.get("ttl"));
			if (t != null && t > 0) {
				ttl = Duration.ofSeconds(Math.min(t, MAX_TTL_SECONDS));
			}
			Long s = seconds(body.get("s-maxage"));
			if (s != null) {
				maxAge = s;
			}
			JsonNode ns = body.get("namespace");
			if (ns != null && ns.isString() && !ns.asString().isBlank()) {
				namespace = ns.asString();
			}
		}
		return new CacheControls(noCache, noStore, ttl, maxAge, namespace);
	}

	private static boolean flag(JsonNode node) {
		return node != null && (node.isBoolean() ? node.asBoolean() : node.isString() && "true".equals(node.asString()));
	}

	private static Long seconds(JsonNode node) {
		if (node == null) {
			return null;
		}
		if (node.isNumber()) {
			double v = node.asDouble();
			return v >= 0 && v < Long.MAX_VALUE ? (long) v : null;
		}
		return node.isString() ? seconds(node.asString()) : null;
	}

	private static Long seconds(String text) {
		try {
			double v = Double.parseDouble(text.trim());
			return v >= 0 && v < Long.MAX_VALUE ? (long) v : null;
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}
}
