package io.llmgateway.gateway.ratelimit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.llmgateway.gateway.redis.LuaScripts;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import reactor.core.publisher.Mono;

/**
 * Token buckets and concurrency counters in Redis, shared by every gateway instance. Each operation is one Lua
 * script run through Redisson with {@code EVALSHA} (falling back to {@code EVAL} once after a Redis restart), so an
 * admission is one round trip and atomic over all of the request's buckets, and a reconciliation is one round trip
 * too. Time comes from Redis ({@code TIME}), so instances need no synchronised clocks.
 * <p>
 * Bucket keys expire once they would be full again; concurrency keys carry a TTL
 * ({@code llm.rate-limit.concurrency-ttl}) refreshed on every admission, so a crashed instance cannot hold slots
 * forever. Timeouts are applied by the caller ({@link TokenRateLimiter}).
 * <p>
 * Why not Bucket4j's Redisson proxy manager: it is compare-and-swap based (a {@code GET} then a scripted
 * {@code SET} per bucket, retried under contention), so a request with four limits costs eight or more round trips
 * and is not atomic across its buckets. The script implements the same greedy refill as Bucket4j's
 * {@code refillGreedy}, so the local and the Redis backend admit the same requests.
 */
public final class RedisRateLimitBackend implements RateLimitBackend {

	private static final LuaScripts.Script ACQUIRE = LuaScripts.Script.load(RedisRateLimitBackend.class, "acquire.lua");

	private static final LuaScripts.Script ADJUST = LuaScripts.Script.load(RedisRateLimitBackend.class, "adjust.lua");

	private static final LuaScripts.Script AVAILABLE = LuaScripts.Script.load(RedisRateLimitBackend.class,
			"available.lua");

	private final LuaScripts scripts;

	private final String prefix;

	private final long slotTtlMillis;

	public RedisRateLimitBackend(RedissonClient redisson, String keyPrefix, Duration concurrencyTtl) {
		this.scripts = new LuaScripts(redisson);
		this.prefix = keyPrefix;
		this.slotTtlMillis = concurrencyTtl.toMillis();
	}

	@Override
	public String name() {
		return "redis";
	}

	@Override
	public Mono<Acquisition> acquire(AcquireRequest request) {
		List<BucketLimit> buckets = request.buckets();
		List<ConcurrencyLimit> slots = request.slots();
		List<Object> keys = new ArrayList<>();
		List<Object> args = new ArrayList<>();
		args.add(buckets.size());
		args.add(slots.size());
		args.add(slotTtlMillis);
		args.add(request.alternatives().size());
		for (int i = 0; i < buckets.size(); i++) {
			BucketLimit b = buckets.get(i);
			keys.add(prefix + b.key());
			args.add(b.capacity());
			args.add(b.periodMillis());
			args.add(Math.max(0, request.costs()[i]));
		}
		for (ConcurrencyLimit s : slots) {
			keys.add(prefix + s.key());
			args.add(s.limit());
		}
		for (List<Probe> alternative : request.alternatives()) {
			args.add(alternative.size());
			for (Probe p : alternative) {
				keys.add(prefix + p.bucket().key());
				args.add(p.bucket().capacity());
				args.add(p.bucket().periodMillis());
				args.add(Math.max(0, p.cost()));
			}
		}
		return this.<List<Object>>eval(RScript.Mode.READ_WRITE, RScript.ReturnType.MULTI, ACQUIRE, keys, args)
			.map(r -> toAcquisition(r, buckets.size()));
	}

	@Override
	public Mono<Void> adjust(List<BucketLimit> buckets, long[] deltas, List<ConcurrencyLimit> release) {
		List<Object> keys = new ArrayList<>();
		List<Object> args = new ArrayList<>();
		args.add(buckets.size());
		for (int i = 0; i < buckets.size(); i++) {
			BucketLimit b = buckets.get(i);
			keys.add(prefix + b.key());
			args.add(b.capacity());
			args.add(b.periodMillis());
			args.add(deltas[i]);
		}
		for (ConcurrencyLimit s : release) {
			keys.add(prefix + s.key());
		}
		return this.<Object>eval(RScript.Mode.READ_WRITE, RScript.ReturnType.INTEGER, ADJUST, keys, args).then();
	}

	@Override
	public Mono<long[]> available(List<BucketLimit> buckets) {
		if (buckets.isEmpty()) {
			return Mono.just(new long[0]);
		}
		List<Object> keys = new ArrayList<>();
		List<Object> args = new ArrayList<>();
		for (BucketLimit b : buckets) {
			keys.add(prefix + b.key());
			args.add(b.capacity());
			args.add(b.periodMillis());
		}
		return this.<List<Object>>eval(RScript.Mode.READ_ONLY, RScript.ReturnType.MULTI, AVAILABLE, keys, args).map(r -> {
			long[] out = new long[r.size()];
			for (int i = 0; i < out.length; i++) {
				out[i] = toLong(r.get(i));
			}
			return out;
		});
	}

	private <R> Mono<R> eval(RScript.Mode mode, RScript.ReturnType type, LuaScripts.Script source, List<Object> keys,
			List<Object> args) {
		return scripts.eval(source, mode, type, keys, args);
	}

	private static Acquisition toAcquisition(List<Object> r, int buckets) {
		if (toLong(r.get(0)) == 1) {
			long[] remaining = new long[buckets];
			long[] reset = new long[buckets];
			for (int i = 0; i < buckets; i++) {
				remaining[i] = toLong(r.get(1 + 2 * i));
				reset[i] = toLong(r.get(2 + 2 * i));
			}
			return Acquisition.allowed(remaining, reset);
		}
		int kind = (int) toLong(r.get(1));
		int index = (int) toLong(r.get(2));
		long wait = toLong(r.get(3));
		long available = toLong(r.get(4));
		return switch (kind) {
			case 1 -> Acquisition.deniedByBucket(index, wait, available);
			case 2 -> Acquisition.deniedBySlot(index, available);
			default -> Acquisition.deniedNoAlternative(wait);
		};
	}

	private static long toLong(Object o) {
		return LuaScripts.toLong(o);
	}
}
