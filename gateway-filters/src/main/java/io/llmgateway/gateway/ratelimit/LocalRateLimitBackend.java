package io.llmgateway.gateway.ratelimit;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.EstimationProbe;
import io.github.bucket4j.TimeMeter;
import reactor.core.publisher.Mono;

/**
 * Bucket4j buckets in this JVM. The map of buckets is bounded twice: by size ({@code llm.rate-limit.local-max-keys},
 * least recently used evicted first) and by time (a bucket untouched for two of its periods has refilled and is
 * dropped), so a flood of distinct keys cannot exhaust memory. Concurrency counters live in a separate map that
 * only holds scopes with requests in flight (an entry is removed when its count returns to zero), so eviction can
 * never lose a slot.
 * <p>
 * Atomicity across buckets: buckets are consumed one after the other and rolled back when a later one refuses, so
 * a concurrent request may be refused while another's rollback is pending, but never admitted beyond a limit.
 */
public final class LocalRateLimitBackend implements RateLimitBackend {

	private final Cache<String, Entry> buckets;

	private final ConcurrentHashMap<String, Integer> inFlight = new ConcurrentHashMap<>();

	private final TimeMeter clock;

	public LocalRateLimitBackend(int maxKeys) {
		this(maxKeys, TimeMeter.SYSTEM_NANOTIME);
	}

	/** With an explicit clock, for tests that must not depend on wall time. */
	public LocalRateLimitBackend(int maxKeys, TimeMeter clock) {
		this.clock = clock;
		this.buckets = Caffeine.newBuilder().maximumSize(maxKeys).expireAfter(new Expiry<String, Entry>() {
			@Override
			public long expireAfterCreate(String key, Entry value, long currentTime) {
				return value.idleNanos;
			}

			@Override
			public long expireAfterUpdate(String key, Entry value, long currentTime, long currentDuration) {
				return value.idleNanos;
			}

			@Override
			public long expireAfterRead(String key, Entry value, long currentTime, long currentDuration) {
				return value.idleNanos;
			}
		}).build();
	}

	@Override
	public String name() {
		return "local";
	}

	@Override
	public Mono<Acquisition> acquire(AcquireRequest request) {
		return Mono.fromSupplier(() -> acquireNow(request));
	}

	/** The synchronous admission; never blocks (Bucket4j local buckets are lock-free). */
	public Acquisition acquireNow(AcquireRequest request) {
		List<ConcurrencyLimit> slots = request.slots();
		for (int j = 0; j < slots.size(); j++) {
			ConcurrencyLimit slot = slots.get(j);
			if (!takeSlot(slot)) {
				releaseSlots(slots, j);
				return Acquisition.deniedBySlot(j, inFlight.getOrDefault(slot.key(), slot.limit()));
			}
		}
		if (!request.alternatives().isEmpty()) {
			long retry = anyAlternative(request.alternatives());
			if (retry > 0) {
				releaseSlots(slots, slots.size());
				return Acquisition.deniedNoAlternative(retry);
			}
		}
		List<BucketLimit> limits = request.buckets();
		long[] costs = request.costs();
		long[] remaining = new long[limits.size()];
		long[] reset = new long[limits.size()];
		for (int i = 0; i < limits.size(); i++) {
			BucketLimit limit = limits.get(i);
			long cost = costs[i];
			if (cost > limit.capacity()) {
				rollback(limits, costs, i);
				releaseSlots(slots, slots.size());
				Entry e = buckets.getIfPresent(limit.key());
				return Acquisition.deniedByBucket(i, limit.periodMillis(),
						e == null ? limit.capacity() : e.bucket.getAvailableTokens());
			}
			Bucket bucket = bucket(limit);
			if (cost <= 0) {
				remaining[i] = bucket.getAvailableTokens();
				reset[i] = resetMillis(limit, remaining[i]);
				continue;
			}
			ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(cost);
			if (!probe.isConsumed()) {
				rollback(limits, costs, i);
				releaseSlots(slots, slots.size());
				return Acquisition.deniedByBucket(i, ceilMillis(probe.getNanosToWaitForRefill()),
						Math.max(0, probe.getRemainingTokens()));
			}
			remaining[i] = probe.getRemainingTokens();
			reset[i] = ceilMillis(probe.getNanosToWaitForReset());
		}
		return Acquisition.allowed(remaining, reset);
	}

	@Override
	public Mono<Void> adjust(List<BucketLimit> limits, long[] deltas, List<ConcurrencyLimit> release) {
		return Mono.fromRunnable(() -> adjustNow(limits, deltas, release));
	}

	/** The synchronous settlement. */
	public void adjustNow(List<BucketLimit> limits, long[] deltas, List<ConcurrencyLimit> release) {
		for (int i = 0; i < limits.size(); i++) {
			long delta = deltas[i];
			if (delta > 0) {
				bucket(limits.get(i)).consumeIgnoringRateLimits(delta);
			}
			else if (delta < 0) {
				Entry e = buckets.getIfPresent(limits.get(i).key());
				// an evicted bucket has refilled already: nothing to refund
				if (e != null) {
					e.bucket.addTokens(-delta);
				}
			}
		}
		releaseSlots(release, release.size());
	}

	@Override
	public Mono<long[]> available(List<BucketLimit> limits) {
		return Mono.fromSupplier(() -> {
			long[] out = new long[limits.size()];
			for (int i = 0; i < out.length; i++) {
				Entry e = buckets.getIfPresent(limits.get(i).key());
				out[i] = e == null ? limits.get(i).capacity() : e.bucket.getAvailableTokens();
			}
			return out;
		});
	}

	/** Buckets currently held (for tests and diagnostics). */
	public long size() {
		buckets.cleanUp();
		return buckets.estimatedSize();
	}

	/** Requests in flight for a concurrency limit (for tests and diagnostics). */
	public int inFlight(ConcurrencyLimit limit) {
		return inFlight.getOrDefault(limit.key(), 0);
	}

	/** 0 when some alternative has room, else the shortest wait in milliseconds until one may. */
	private long anyAlternative(List<List<Probe>> alternatives) {
		long best = Long.MAX_VALUE;
		for (List<Probe> alternative : alternatives) {
			long wait = 0;
			for (Probe p : alternative) {
				if (p.cost() > p.bucket().capacity()) {
					wait = Math.max(wait, p.bucket().periodMillis());
					continue;
				}
				if (p.cost() <= 0) {
					continue;
				}
				EstimationProbe e = bucket(p.bucket()).estimateAbilityToConsume(p.cost());
				if (!e.canBeConsumed()) {
					wait = Math.max(wait, Math.max(1, ceilMillis(e.getNanosToWaitForRefill())));
				}
			}
			if (wait == 0) {
				return 0;
			}
			best = Math.min(best, wait);
		}
		return best;
	}

	private boolean takeSlot(ConcurrencyLimit slot) {
		boolean[] taken = new boolean[1];
		inFlight.compute(slot.key(), (k, n) -> {
			int current = n == null ? 0 : n;
			if (current >= slot.limit()) {
				return n;
			}
			taken[0] = true;
			return current + 1;
		});
		return taken[0];
	}

	private void releaseSlots(List<ConcurrencyLimit> slots, int count) {
		for (int j = 0; j < count; j++) {
			inFlight.computeIfPresent(slots.get(j).key(), (k, n) -> n <= 1 ? null : n - 1);
		}
	}

	private void rollback(List<BucketLimit> limits, long[] costs, int upTo) {
		for (int i = 0; i < upTo; i++) {
			if (costs[i] > 0) {
				bucket(limits.get(i)).addTokens(costs[i]);
			}
		}
	}

	private Bucket bucket(BucketLimit limit) {
		return buckets.get(limit.key(), k -> new Entry(Bucket.builder()
			.addLimit(b -> b.capacity(limit.capacity()).refillGreedy(limit.capacity(), limit.period()))
			.withCustomTimePrecision(clock)
			.build(), 2 * limit.period().toNanos())).bucket;
	}

	private static long resetMillis(BucketLimit limit, long available) {
		long missing = Math.max(0, limit.capacity() - available);
		return (long) Math.ceil((double) missing * limit.periodMillis() / limit.capacity());
	}

	private static long ceilMillis(long nanos) {
		return nanos <= 0 ? 0 : TimeUnit.NANOSECONDS.toMillis(nanos + 999_999);
	}

	private record Entry(Bucket bucket, long idleNanos) {
	}
}
