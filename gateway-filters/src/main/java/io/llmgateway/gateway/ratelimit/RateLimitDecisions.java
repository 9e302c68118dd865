package io.llmgateway.gateway.ratelimit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.llmgateway.translate.model.ErrorType;
import io.llmgateway.translate.model.LlmError;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * What {@link TokenRateLimiter} answers once the backend has spoken: an admission with the tightest bucket's headers,
 * a refusal naming the limit, its numbers and when to retry (counted in {@code llm.ratelimit.rejections}), or the
 * fail-open / fail-closed answer to a backend failure.
 */
final class RateLimitDecisions {

	private final RateLimitProperties properties;

	private final BackendHealth health;

	private final MeterRegistry registry;

	private final Map<String, Counter> rejections = new ConcurrentHashMap<>();

	RateLimitDecisions(RateLimitProperties properties, BackendHealth health, MeterRegistry registry) {
		this.properties = properties;
		this.health = health;
		this.registry = registry;
	}

	RateLimitDecision failed(Throwable ex) {
		health.failed("acquire", ex, properties.failOpen());
		if (properties.failOpen()) {
			return new RateLimitDecision(RateLimitDecision.Outcome.BYPASSED, null, null, null);
		}
		LlmError error = LlmError.of(ErrorType.UNAVAILABLE, "rate_limiter_unavailable",
				"The rate limiter is unavailable; try again shortly.").withRetryAfter(1L);
		return new RateLimitDecision(RateLimitDecision.Outcome.UNAVAILABLE, null, error, null);
	}

	RateLimitDecision admitted(RateLimitPlan plan, RateLimitBackend.Acquisition a) {
		return new RateLimitDecision(RateLimitDecision.Outcome.ADMITTED, new Reservation(plan), null,
				tightest(plan, a));
	}

	RateLimitDecision denied(RateLimitPlan plan, RateLimitBackend.Acquisition a) {
		String limitName;
		String message;
		RateLimitHeaders headers = null;
		long retrySeconds = Math.max(1, (a.retryAfterMillis() + 999) / 1000);
		if (a.deniedBucket() >= 0) {
			BucketLimit b = plan.buckets().get(a.deniedBucket());
			long cost = plan.costs()[a.deniedBucket()];
			limitName = b.name();
			String unit = b.unit() == BucketLimit.Unit.REQUESTS ? "requests" : "tokens";
			message = "Rate limit reached: " + b.name() + " (" + b.describe() + ") for " + b.scope() + " is "
					+ b.capacity() + "; this request needs " + cost + " " + unit + " and " + a.available()
					+ " remain. " + (cost > b.capacity() ? "The request is larger than the limit."
							: "Retry after " + retrySeconds + "s.");
			headers = b.unit() == BucketLimit.Unit.REQUESTS
					? new RateLimitHeaders(b.capacity(), a.available(), a.retryAfterMillis(), -1, 0, 0)
					: new RateLimitHeaders(-1, 0, 0, b.capacity(), a.available(), a.retryAfterMillis());
		}
		else if (a.deniedSlot() >= 0) {
			ConcurrencyLimit c = plan.slots().get(a.deniedSlot());
			limitName = "max_parallel";
			message = "Rate limit reached: max_parallel (concurrent requests) for " + c.scope() + " is " + c.limit()
					+ " and " + a.available() + " are in flight. Retry after " + retrySeconds + "s.";
		}
		else {
			limitName = "deployment_quota";
			message = "Rate limit reached: every deployment of model group '" + plan.group()
					+ "' is out of its rpm/tpm quota. Retry after " + retrySeconds + "s.";
		}
		rejections.computeIfAbsent(limitName, name -> Counter.builder("llm.ratelimit.rejections")
			.description("Requests refused by a rate limit")
			.tag("limit", name)
			.register(registry)).increment();
		LlmError error = LlmError.of(ErrorType.RATE_LIMIT, "rate_limit_exceeded", message)
			.withParam(limitName)
			.withRetryAfter(retrySeconds);
		return new RateLimitDecision(RateLimitDecision.Outcome.DENIED, null, error, headers);
	}

	/** The request bucket and the token bucket with the fewest units left after this admission. */
	private static RateLimitHeaders tightest(RateLimitPlan plan, RateLimitBackend.Acquisition a) {
		int req = -1;
		int tok = -1;
		for (int i = 0; i < plan.buckets().size(); i++) {
			boolean requests = plan.buckets().get(i).unit() == BucketLimit.Unit.REQUESTS;
			int best = requests ? req : tok;
			if (best < 0 || a.remaining()[i] < a.remaining()[best]) {
				if (requests) {
					req = i;
				}
				else {
					tok = i;
				}
			}
		}
		if (req < 0 && tok < 0) {
			return null;
		}
		return new RateLimitHeaders(req < 0 ? -1 : plan.buckets().get(req).capacity(),
				req < 0 ? 0 : a.remaining()[req], req < 0 ? 0 : a.resetMillis()[req],
				tok < 0 ? -1 : plan.buckets().get(tok).capacity(), tok < 0 ? 0 : a.remaining()[tok],
				tok < 0 ? 0 : a.resetMillis()[tok]);
	}
}
