package io.llmgateway.gateway.ratelimit;

import java.util.List;

import reactor.core.publisher.Mono;

/**
 * Where the buckets and concurrency counters live. Every operation is atomic over all the buckets and slots it is
 * given, so a request is admitted by all of its limits or by none, and costs at most one backend round trip.
 * Implementations never block the calling thread.
 */
public interface RateLimitBackend {

	/** A short name for metrics and logs: {@code local} or {@code redis}. */
	String name();

	/**
	 * Takes {@code costs[i]} units from every bucket and one slot from every concurrency limit, but only if every
	 * bucket has enough, every limit has a free slot and, when {@code alternatives} is not empty, at least one
	 * alternative has room for its costs (alternatives are checked, never consumed).
	 */
	Mono<Acquisition> acquire(AcquireRequest request);

	/**
	 * Settles a reservation: {@code deltas[i] > 0} charges more (a bucket may go negative and so delay later
	 * requests), {@code deltas[i] < 0} refunds (never above capacity); then frees one slot of each of
	 * {@code release}.
	 */
	Mono<Void> adjust(List<BucketLimit> buckets, long[] deltas, List<ConcurrencyLimit> release);

	/** Units available now in each bucket (without refilling them past capacity or changing them). */
	Mono<long[]> available(List<BucketLimit> buckets);

	/**
	 * What to reserve.
	 * @param alternatives groups of probes (for example one per deployment of a model group); empty = no check
	 */
	record AcquireRequest(List<BucketLimit> buckets, long[] costs, List<ConcurrencyLimit> slots,
			List<List<Probe>> alternatives) {

		public AcquireRequest {
			buckets = List.copyOf(buckets);
			slots = List.copyOf(slots);
			alternatives = List.copyOf(alternatives);
			if (costs.length != buckets.size()) {
				throw new IllegalArgumentException("one cost per bucket");
			}
		}
	}

	/** A bucket that must hold {@code cost} units for its alternative to count as available. */
	record Probe(BucketLimit bucket, long cost) {
	}

	/**
	 * The outcome of {@link #acquire}.
	 * @param deniedBucket index of the bucket that refused, or -1
	 * @param deniedSlot index of the concurrency limit that refused, or -1
	 * @param noAlternative true when every alternative lacked room
	 * @param retryAfterMillis when a denied request could be admitted (0 when allowed)
	 * @param available units in the refusing bucket (or slots in use) when denied
	 * @param remaining per bucket, units left after this acquisition (allowed only)
	 * @param resetMillis per bucket, milliseconds until it is full again (allowed only)
	 */
	record Acquisition(boolean allowed, int deniedBucket, int deniedSlot, boolean noAlternative,
			long retryAfterMillis, long available, long[] remaining, long[] resetMillis) {

		public static Acquisition allowed(long[] remaining, long[] resetMillis) {
			return new Acquisition(true, -1, -1, false, 0, 0, remaining, resetMillis);
		}

		public static Acquisition deniedByBucket(int index, long retryAfterMillis, long available) {
			return new Acquisition(false, index, -1, false, retryAfterMillis, available, new long[0], new long[0]);
		}

		public static Acquisition deniedBySlot(int index, long inFlight) {
			return new Acquisition(false, -1, index, false, 1000, inFlight, new long[0], new long[0]);
		}

		public static Acquisition deniedNoAlternative(long retryAfterMillis) {
			return new Acquisition(false, -1, -1, true, retryAfterMillis, 0, new long[0], new long[0]);
		}
	}
}
