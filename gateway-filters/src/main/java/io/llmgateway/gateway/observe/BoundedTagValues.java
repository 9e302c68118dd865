package io.llmgateway.gateway.observe;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps meter cardinality bounded: the first {@code max} distinct values of each tag key are reported as they are,
 * any further value as {@code other}. A team id or an alias sent by a client can be anything; a Prometheus series
 * per value must not be.
 */
public final class BoundedTagValues {

	public static final String OTHER = "other";

	private final int max;

	private final Map<String, Set<String>> seen = new ConcurrentHashMap<>();

	public BoundedTagValues(int max) {
		this.max = max;
	}

	/** The value to report for this tag: the value itself while there is room, else {@code other}. */
	public String bound(String key, String value) {
		if (value == null || value.isEmpty()) {
			return RequestSummary.NONE;
		}
		Set<String> values = seen.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet());
		if (values.contains(value)) {
			return value;
		}
		// check-then-add may let a few values past max under a race; the bound stays approximately max
		if (values.size() >= max) {
			return OTHER;
		}
		values.add(value);
		return value;
	}
}
