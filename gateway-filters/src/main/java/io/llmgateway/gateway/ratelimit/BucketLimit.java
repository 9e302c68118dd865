package io.llmgateway.gateway.ratelimit;

import java.time.Duration;

/**
 * One token bucket: {@code capacity} units, refilled continuously (greedily) at {@code capacity} per
 * {@code period}. A request bucket's unit is one request, a token bucket's unit is one LLM token.
 *
 * @param key the backend key; unique per name, scope and capacity, so two limits on one scope never share state
 * @param name {@code rpm}, {@code rpd}, {@code tpm} or {@code tpd} (deployment quotas: {@code deployment-rpm} ...)
 * @param scope the caller's bucket, e.g. {@code team=eng+model=gpt-4o}
 */
public record BucketLimit(String key, String name, String scope, Unit unit, long capacity, Duration period) {

	/** What one unit of the bucket is. */
	public enum Unit {
		REQUESTS, TOKENS
	}

	/**
	 * The largest capacity kept: larger limits are effectively unlimited, and Bucket4j refuses refill rates above
	 * one unit per nanosecond.
	 */
	public static final long MAX_CAPACITY = 10_000_000_000L;

	public static BucketLimit of(String name, String scope, Unit unit, long capacity, Duration period) {
		capacity = Math.min(capacity, MAX_CAPACITY);
		return new BucketLimit(name + "|" + scope + "|" + capacity, name, scope, unit, capacity, period);
	}

	public long periodMillis() {
		return period.toMillis();
	}

	/** A human description such as {@code tokens per minute}. */
	public String describe() {
		String what = unit == Unit.REQUESTS ? "requests" : "tokens";
		String per = period.toDays() >= 1 ? "day" : period.toHours() >= 1 ? "hour" : "minute";
		return what + " per " + per;
	}
}
