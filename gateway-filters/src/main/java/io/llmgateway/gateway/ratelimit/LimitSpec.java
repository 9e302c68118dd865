package io.llmgateway.gateway.ratelimit;

/**
 * One set of limits on one scope: {@code by} names the dimensions that make a caller's bucket, joined with
 * {@code +} (for example {@code team+model}); each non-null value is a limit on that bucket.
 *
 * @param by the scope: {@code global}, {@code route}, {@code key}, {@code user}, {@code team}, {@code end-user},
 * {@code model}, {@code deployment}, or a combination such as {@code key+model} (default {@code key})
 * @param rpm requests per minute
 * @param rpd requests per day
 * @param tpm tokens per minute
 * @param tpd tokens per day
 * @param maxParallel requests in flight at once
 */
public record LimitSpec(String by, Long rpm, Long rpd, Long tpm, Long tpd, Integer maxParallel) {

	public LimitSpec {
		by = by == null || by.isBlank() ? "key" : by.trim();
		KeyScope.parse(by);
		check("rpm", rpm);
		check("rpd", rpd);
		check("tpm", tpm);
		check("tpd", tpd);
		check("max-parallel", maxParallel == null ? null : maxParallel.longValue());
	}

	public boolean isEmpty() {
		return rpm == null && rpd == null && tpm == null && tpd == null && maxParallel == null;
	}

	private static void check(String name, Long value) {
		if (value != null && value < 0) {
			throw new IllegalArgumentException("rate limit '" + name + "' must not be negative, was " + value);
		}
	}
}
