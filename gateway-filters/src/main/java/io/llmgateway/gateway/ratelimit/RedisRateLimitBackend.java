package io.llmgateway.gateway.ratelimit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

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

	private static final String ACQUIRE = load("acquire.lua");

	private static final String ADJUST = load("adjust.lua");

	private static final String AVAILABLE = load("available.lua");

	private final RScript script;

	private final String prefix;

	private final long slotTtlMillis;

	private volatile boolean connected;

	private final String acquireSha = sha1(ACQUIRE);

	private final String adjustSha = sha1(ADJUST);

	private final String availableSha = sha1(AVAILABLE);

	public RedisRateLimitBackend(RedissonClient redisson, String keyPrefix, Duration concurrencyTtl) {
		this.script = redisson.getScript(StringCodec.INSTANCE);
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
		return this.<List<Object>>eval(RScript.Mode.READ_WRITE, RScript.ReturnType.MULTI, ACQUIRE, acquireSha, keys, args)
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
		return this.<Object>eval(RScript.Mode.READ_WRITE, RScript.ReturnType.INTEGER, ADJUST, adjustSha, keys, args).then();
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
		return this.<List<Object>>eval(RScript.Mode.READ_ONLY, RScript.ReturnType.MULTI, AVAILABLE, availableSha, keys, args).map(r -> {
			long[] out = new long[r.size()];
			for (int i = 0; i < out.length; i++) {
				out[i] = toLong(r.get(i));
			}
			return out;
		});
	}

	private <R> Mono<R> eval(RScript.Mode mode, RScript.ReturnType type, String source, String sha, List<Object> keys,
			List<Object> args) {
		Object[] values = new Object[args.size()];
		for (int i = 0; i < values.length; i++) {
			values[i] = String.valueOf(args.get(i));
		}
		Mono<R> call = Mono
			.<R>fromCompletionStage(() -> script.<R>evalShaAsync(mode, sha, type, keys, values))
			.onErrorResume(RedisRateLimitBackend::isNoScript,
					ex -> Mono.fromCompletionStage(() -> script.<R>evalAsync(mode, source, type, keys, values)))
			.doOnSuccess(r -> connected = true)
			.doOnError(ex -> connected = false);
		// Redisson's lazy initialisation connects synchronously inside the first call (and again on every call
		// while Redis is unreachable): until one call succeeded, make calls off the caller's (event-loop) thread so
		// the caller's timeout holds and the event loop never blocks.
		return connected ? call : call.subscribeOn(Schedulers.boundedElastic());
	}

	private static boolean isNoScript(Throwable ex) {
		for (Throwable t = ex; t != null; t = t.getCause()) {
			if (t.getMessage() != null && t.getMessage().contains("NOSCRIPT")) {
				return true;
			}
		}
		return false;
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
		if (o instanceof Number n) {
			return n.longValue();
		}
		return Long.parseLong(String.valueOf(o));
	}

	private static String load(String name) {
		try (InputStream in = RedisRateLimitBackend.class.getResourceAsStream(name)) {
			if (in == null) {
				throw new IllegalStateException("Missing rate-limit script " + name);
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String sha1(String source) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}
}
