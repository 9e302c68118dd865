package io.llmgateway.gateway.spend.budget;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.llmgateway.gateway.redis.LuaScripts;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Budget spend and holds in Redis, shared by every gateway instance, at a fraction of a Redis call per request.
 * <p>
 * <b>Leases.</b> Each instance holds a lease on each budgeted account (a hold in Redis under the instance's id) and
 * admits requests against it locally, without a round trip, until it is used up. A request takes its estimate from
 * the lease's allowance; when the allowance is short, one Lua script checks all of the request's limits (spend plus
 * every instance's lease below the maximum) and grows the lease by what the request needs plus up to
 * {@code lease-requests} more such requests, but by at most half of what is left under the tightest limit, so that
 * near a limit leases shrink to single requests and instances share what remains. Leases are consumed, not recycled:
 * a request that ends gives its estimate back to Redis (the lease shrinks) and adds its real cost to spend. Allowance
 * unused for a second is given back; a lease is refreshed on every use and expires {@code hold-ttl} after the last,
 * so a crashed instance cannot hold budget for long.
 * <p>
 * <b>Settlement</b> is batched by group commit: one flush at a time is on its way to Redis (then 2 ms pass), and the
 * requests that end meanwhile are settled together by the next, in one script (shrink the leases, add the costs to every window, claim
 * alerts once cluster-wide).
 * <p>
 * Money is kept as integer nano-USD, exact for any realistic budget (up to 9 million USD per window, where Lua's
 * doubles stay exact); the ledger keeps the exact decimal cost. Windows expire a day after they end. Timeouts and
 * the failure policy are the caller's ({@link BudgetTracker}). Every script touches several accounts; on Redis
 * Cluster give {@code key-prefix} a hash tag (e.g. {@code {llm-budget}:}) so that they share a slot.
 */
public final class RedisBudgetStore implements BudgetStore, AutoCloseable {

	private static final Log log = LogFactory.getLog(RedisBudgetStore.class);

	private static final LuaScripts.Script LEASE = LuaScripts.Script.load(RedisBudgetStore.class, "budget-lease.lua");

	private static final LuaScripts.Script FLUSH = LuaScripts.Script.load(RedisBudgetStore.class, "budget-flush.lua");

	private static final LuaScripts.Script RAISE = LuaScripts.Script.load(RedisBudgetStore.class, "budget-raise.lua");

	/** How long a window's counter outlives its window (reports and late settlements still see it). */
	private static final Duration GRACE = Duration.ofDays(1);

	private static final int RAISE_CHUNK = 256;

	private static final int MAX_BATCH = 512;

	/** Least time between two flushes: a request alone is settled at once, under load they go in batches. */
	private static final Duration FLUSH_LINGER = Duration.ofMillis(2);

	private static final Mono<Reserved> ADMITTED = Mono.just(Reserved.ADMITTED);

	private final LuaScripts scripts;

	private final RedissonClient redisson;

	private final String prefix;

	private final long leaseMillis;

	private final long leaseRequests;

	private final long idleNanos;

	private final Clock clock;

	/** This instance's lease id in Redis. */
	private final String leaseId = "gw-" + UUID.randomUUID();

	private final Object lock = new Object();

	/** Guarded by {@link #lock}. */
	private final Map<String, Lease> leases = new HashMap<>();

	/** Guarded by {@link #lock}. */
	private List<Pending> queue = new ArrayList<>();

	/** A flush is on its way to Redis; requests that end meanwhile go in the next one. Guarded by {@link #lock}. */
	private boolean flushing;

	/** What each admitted request took from the leases, so that it is given back exactly once. */
	private final Map<String, Long> admitted = new ConcurrentHashMap<>();

	private final Disposable idleReturn;

	/**
	 * @param holdTtl how long a lease outlives its last use (an instance that died)
	 * @param leaseRequests how many requests like the current one a lease may cover beyond it
	 * @param idleAfter allowance unused for this long is given back
	 */
	public RedisBudgetStore(RedissonClient redisson, String keyPrefix, Duration holdTtl, long leaseRequests,
			Duration idleAfter, Clock clock) {
		this.scripts = new LuaScripts(redisson);
		this.redisson = redisson;
		this.prefix = keyPrefix;
		this.leaseMillis = holdTtl.toMillis();
		this.leaseRequests = Math.max(0, leaseRequests);
		this.idleNanos = idleAfter.toNanos();
		this.clock = clock;
		this.idleReturn = Flux.interval(idleAfter).onBackpressureDrop().subscribe(tick -> flush());
	}

	@Override
	public String name() {
		return "redis";
	}

	@Override
	public Mono<Reserved> reserve(String holdId, List<Limit> limits, List<String> holders, BigDecimal amount) {
		long need = toNanos(amount);
		if (need <= 0) {
			return lease(limits, holders, 0, 0).map(r -> r.reserved);
		}
		return tryReserve(holdId, limits, holders, need, 0);
	}

	private Mono<Reserved> tryReserve(String holdId, List<Limit> limits, List<String> holders, long need,
			int attempt) {
		List<String> lacking = new ArrayList<>(holders.size());
		Mono<Leased> running = null;
		Mono<Leased> extension = null;
		Runnable start = null;
		synchronized (lock) {
			long now = System.nanoTime();
			for (String account : holders) {
				if (leases.computeIfAbsent(account, a -> new Lease()).allowance(now, leaseMillis) < need) {
					lacking.add(account);
				}
			}
			if (lacking.isEmpty()) {
				take(holdId, holders, need, now);
				return ADMITTED;
			}
			// one extension per account at a time: join the one in flight, then look again
			for (String account : lacking) {
				Mono<Leased> inFlight = leases.get(account).extending;
				if (inFlight != null && attempt < 16) {
					running = inFlight;
					break;
				}
			}
			if (running == null) {
				List<Limit> checked = new ArrayList<>(limits.size());
				for (Limit l : limits) {
					if (lacking.contains(l.account())) {
						checked.add(l);
					}
				}
				long chunk = need > Long.MAX_VALUE / Math.max(1, leaseRequests) ? Long.MAX_VALUE / 4 : need * leaseRequests;
				Sinks.One<Leased> answer = Sinks.one();
				extension = answer.asMono();
				for (String account : lacking) {
					leases.get(account).extending = extension;
				}
				Mono<Leased> marker = extension;
				start = () -> extend(checked, lacking, need, chunk, answer, marker);
			}
		}
		if (start != null) {
			start.run();
		}
		if (running != null) {
			return running.onErrorResume(ex -> Mono.empty())
				.then(Mono.defer(() -> tryReserve(holdId, limits, holders, need, attempt + 1)));
		}
		return extension.flatMap(r -> {
			if (!r.reserved.admitted()) {
				Limit denied = limitOf(limits, lacking, r.reserved.denied());
				return Mono.just(new Reserved(limits.indexOf(denied), r.reserved.spent(), r.reserved.held()));
			}
			synchronized (lock) {
				long now = System.nanoTime();
				boolean enough = true;
				for (String account : holders) {
					enough &= leases.computeIfAbsent(account, a -> new Lease()).allowance(now, leaseMillis) >= need;
				}
				if (enough) {
					take(holdId, holders, need, now);
					return ADMITTED;
				}
			}
			// another request took what was just leased: go round again
			return tryReserve(holdId, limits, holders, need, attempt + 1);
		});
	}

	/**
	 * Runs one lease extension for {@code lacking} (marked in flight on each of them as {@code extension}) and
	 * answers it to {@code answer}. It runs to its end and credits the lease even if the request that started it is
	 * cancelled, so Redis and this instance agree on what is leased.
	 */
	private void extend(List<Limit> checked, List<String> lacking, long need, long chunk, Sinks.One<Leased> answer,
			Mono<Leased> extension) {
		lease(checked, lacking, need, chunk).subscribe(r -> {
			synchronized (lock) {
				long now = System.nanoTime();
				for (int i = 0; i < lacking.size(); i++) {
					Lease l = leases.computeIfAbsent(lacking.get(i), a -> new Lease());
					if (r.deltas != null) {
						l.granted += r.deltas[i];
						l.refreshedNanos = now;
					}
					if (l.extending == extension) {
						l.extending = null;
					}
				}
			}
			answer.tryEmitValue(r);
		}, ex -> {
			synchronized (lock) {
				for (String account : lacking) {
					Lease l = leases.get(account);
					if (l != null && l.extending == extension) {
						l.extending = null;
					}
				}
			}
			answer.tryEmitError(ex);
		});
	}

	/** The limit at {@code index} of those sent for the lacking accounts. */
	private static Limit limitOf(List<Limit> limits, List<String> lacking, int index) {
		int seen = 0;
		for (Limit l : limits) {
			if (lacking.contains(l.account()) && seen++ == index) {
				return l;
			}
		}
		return limits.get(0);
	}

	/** Takes {@code need} from the allowance of every account. Under {@link #lock}. */
	private void take(String holdId, List<String> holders, long need, long now) {
		for (String account : holders) {
			Lease l = leases.computeIfAbsent(account, a -> new Lease());
			l.inFlight += need;
			l.usedNanos = now;
		}
		admitted.put(holdId, need);
	}

	/** Grows this instance's lease on {@code accounts} by {@code need} plus up to {@code chunk} (0: check only). */
	private Mono<Leased> lease(List<Limit> limits, List<String> accounts, long need, long chunk) {
		List<Object> keys = new ArrayList<>(limits.size() + 3 * accounts.size());
		List<Object> args = new ArrayList<>(4 + 2 * limits.size() + 2 * accounts.size());
		args.add(limits.size());
		args.add(accounts.size());
		args.add(leaseId);
		args.add(leaseMillis);
		for (Limit limit : limits) {
			keys.add(spendKey(limit.account(), limit.window()));
			args.add(toNanos(limit.max()));
			args.add(accounts.indexOf(limit.account()) + 1);
		}
		for (String account : accounts) {
			addLeaseKeys(keys, account);
			args.add(need);
			args.add(chunk);
		}
		return scripts.<List<Object>>eval(LEASE, RScript.Mode.READ_WRITE, RScript.ReturnType.MULTI, keys, args)
			.map(r -> {
				if (LuaScripts.toLong(r.get(0)) != 1) {
					return new Leased(new Reserved((int) LuaScripts.toLong(r.get(1)) - 1, fromNanos(r.get(2)),
							fromNanos(r.get(3))), null);
				}
				long[] deltas = new long[accounts.size()];
				for (int i = 0; i < deltas.length; i++) {
					deltas[i] = LuaScripts.toLong(r.get(i + 1));
				}
				return new Leased(Reserved.ADMITTED, deltas);
			});
	}

	@Override
	public Mono<Settled> settle(String holdId, List<String> holders, BigDecimal amount, List<Counted> windows,
			BigDecimal cost, List<Watch> watches) {
		Long taken = admitted.remove(holdId);
		long charged = toNanos(cost);
		if (taken == null && charged <= 0 && watches.isEmpty()) {
			return Mono.just(Settled.NONE);
		}
		Pending p = new Pending(taken == null ? List.of() : holders, taken == null ? 0 : taken,
				charged > 0 || !watches.isEmpty() ? windows : List.of(), charged, watches);
		boolean flushNow;
		synchronized (lock) {
			for (String account : p.holders) {
				Lease l = leases.get(account);
				if (l != null) {
					l.inFlight -= p.held;
					l.releasing += p.held;
				}
			}
			queue.add(p);
			flushNow = !flushing;
		}
		if (flushNow) {
			flush();
		}
		return p.result.asMono();
	}

	/**
	 * Settles what ended since the last flush, and gives back allowance left idle, in one script. One flush is in
	 * flight at a time, followed by a short linger (group commit): alone, a request is settled at once; under load,
	 * those that end while a flush travels go together in the next.
	 */
	private void flush() {
		List<Pending> batch;
		Map<String, Long> release = new LinkedHashMap<>();
		synchronized (lock) {
			if (flushing) {
				return;
			}
			if (queue.size() <= MAX_BATCH) {
				batch = queue;
				queue = new ArrayList<>();
			}
			else {
				batch = new ArrayList<>(queue.subList(0, MAX_BATCH));
				queue = new ArrayList<>(queue.subList(MAX_BATCH, queue.size()));
			}
			for (Pending p : batch) {
				for (String account : p.holders) {
					release.merge(account, p.held, Long::sum);
				}
			}
			long now = System.nanoTime();
			for (Map.Entry<String, Lease> e : leases.entrySet()) {
				Lease l = e.getValue();
				long idle = l.granted - l.inFlight - l.releasing;
				if (idle > 0 && l.extending == null && now - l.usedNanos > idleNanos) {
					l.releasing += idle;
					release.merge(e.getKey(), idle, Long::sum);
				}
			}
			leases.values().removeIf(l -> l.granted <= 0 && l.inFlight <= 0 && l.releasing <= 0 && l.extending == null);
			if (batch.isEmpty() && release.isEmpty()) {
				return;
			}
			flushing = true;
		}
		Batch b = new Batch(batch, release, clock.instant());
		scripts.<List<Object>>eval(FLUSH, RScript.Mode.READ_WRITE, RScript.ReturnType.MULTI, b.keys, b.args)
			// the next flush waits a little, so that under load each one carries many requests
			.doFinally(signal -> Mono.delay(FLUSH_LINGER).subscribe(tick -> {
				synchronized (lock) {
					flushing = false;
				}
				flush();
			}))
			.subscribe(b::done, b::failed);
	}

	/** Leases given back: whatever Redis answered, the amounts are spent locally (a failure leaves them held). */
	private void released(Map<String, Long> release, boolean refreshed) {
		synchronized (lock) {
			long now = System.nanoTime();
			for (Map.Entry<String, Long> e : release.entrySet()) {
				Lease l = leases.computeIfAbsent(e.getKey(), a -> new Lease());
				l.releasing -= e.getValue();
				l.granted = Math.max(0, l.granted - e.getValue());
				if (refreshed) {
					l.refreshedNanos = now;
				}
			}
		}
	}

	/** One flush: its keys and arguments, and how its answer is handed to each request. */
	private final class Batch {

		final List<Pending> pending;

		final Map<String, Long> release;

		final List<Object> keys = new ArrayList<>();

		final List<Object> args = new ArrayList<>();

		/** Per request, per watch: the index of the (deduplicated) watch sent. */
		final int[][] watchIndex;

		final int watchCount;

		Batch(List<Pending> pending, Map<String, Long> release, Instant now) {
			this.pending = pending;
			this.release = release;
			Map<String, Integer> windowIndex = new LinkedHashMap<>();
			List<Counted> windows = new ArrayList<>();
			List<Long> costs = new ArrayList<>();
			Map<String, Integer> watchIds = new LinkedHashMap<>();
			List<Watch> watches = new ArrayList<>();
			watchIndex = new int[pending.size()][];
			for (int p = 0; p < pending.size(); p++) {
				Pending r = pending.get(p);
				int[] local = new int[r.windows.size()];
				for (int w = 0; w < r.windows.size(); w++) {
					Counted c = r.windows.get(w);
					String key = spendKey(c.account(), c.window());
					Integer at = windowIndex.get(key);
					if (at == null) {
						at = windows.size();
						windowIndex.put(key, at);
						windows.add(c);
						costs.add(0L);
					}
					costs.set(at, costs.get(at) + r.charged);
					local[w] = at;
				}
				watchIndex[p] = new int[r.watches.size()];
				for (int a = 0; a < r.watches.size(); a++) {
					Watch w = r.watches.get(a);
					Integer at = watchIds.get(w.firedKey());
					if (at == null) {
						at = watches.size();
						watchIds.put(w.firedKey(), at);
						watches.add(new Watch(local[w.window()], w.threshold(), w.firedKey(), w.until()));
					}
					watchIndex[p][a] = at;
				}
			}
			watchCount = watches.size();
			args.add(release.size());
			args.add(windows.size());
			args.add(watches.size());
			args.add(leaseId);
			args.add(leaseMillis);
			for (Map.Entry<String, Long> e : release.entrySet()) {
				addLeaseKeys(keys, e.getKey());
				args.add(e.getValue());
			}
			for (int w = 0; w < windows.size(); w++) {
				Counted c = windows.get(w);
				keys.add(spendKey(c.account(), c.window()));
				args.add(costs.get(w));
				args.add(ttlMillis(c.window().end(), now));
			}
			for (Watch w : watches) {
				keys.add(prefix + "fired:" + w.firedKey());
				args.add(w.window() + 1);
				args.add(toNanos(w.threshold()));
				args.add(ttlMillis(w.until(), now));
			}
		}

		void done(List<Object> r) {
			released(release, true);
			int base = release.size();
			BigDecimal[] spent = new BigDecimal[watchCount];
			boolean[] fired = new boolean[watchCount];
			for (int a = 0; a < watchCount; a++) {
				spent[a] = fromNanos(r.get(base + 2 * a));
				fired[a] = LuaScripts.toLong(r.get(base + 2 * a + 1)) == 1;
			}
			for (int p = 0; p < pending.size(); p++) {
				int[] mine = watchIndex[p];
				BigDecimal[] s = new BigDecimal[mine.length];
				boolean[] f = new boolean[mine.length];
				for (int a = 0; a < mine.length; a++) {
					s[a] = spent[mine[a]];
					// a crossing is reported to the first request of the batch that watched it
					f[a] = fired[mine[a]];
					fired[mine[a]] = false;
				}
				pending.get(p).result.tryEmitValue(new Settled(s, f));
			}
		}

		void failed(Throwable ex) {
			released(release, false);
			for (Pending p : pending) {
				p.result.tryEmitError(ex);
			}
		}
	}

	@Override
	public Mono<BigDecimal> spent(String account, Window window) {
		return Mono
			.fromCompletionStage(() -> redisson.<String>getBucket(spendKey(account, window), StringCodec.INSTANCE)
				.getAsync())
			.map(RedisBudgetStore::fromNanos)
			.defaultIfEmpty(BigDecimal.ZERO);
	}

	@Override
	public void raise(List<Counted> windows, List<BigDecimal> ledgerSums) {
		Instant now = clock.instant();
		for (int from = 0; from < windows.size(); from += RAISE_CHUNK) {
			int to = Math.min(windows.size(), from + RAISE_CHUNK);
			List<Object> keys = new ArrayList<>(to - from);
			List<Object> args = new ArrayList<>(2 * (to - from));
			for (int i = from; i < to; i++) {
				Counted c = windows.get(i);
				keys.add(spendKey(c.account(), c.window()));
				args.add(toNanos(ledgerSums.get(i)));
				args.add(ttlMillis(c.window().end(), now));
			}
			scripts.eval(RAISE, RScript.Mode.READ_WRITE, RScript.ReturnType.INTEGER, keys, args)
				.block(Duration.ofSeconds(10));
		}
	}

	/** Opens the connections and loads the scripts: one no-op script call, waited for. */
	@Override
	public void warmUp() {
		scripts.eval(RAISE, RScript.Mode.READ_WRITE, RScript.ReturnType.INTEGER, List.of(), List.of())
			.block(Duration.ofSeconds(10));
		scripts.eval(LEASE, RScript.Mode.READ_WRITE, RScript.ReturnType.MULTI, List.of(),
				List.of(0, 0, leaseId, leaseMillis))
			.block(Duration.ofSeconds(10));
		scripts.eval(FLUSH, RScript.Mode.READ_WRITE, RScript.ReturnType.MULTI, List.of(),
				List.of(0, 0, 0, leaseId, leaseMillis))
			.block(Duration.ofSeconds(10));
	}

	/** Gives back this instance's allowance and settles what is queued, so a clean shutdown holds nothing. */
	@Override
	public void close() {
		idleReturn.dispose();
		synchronized (lock) {
			for (Lease l : leases.values()) {
				l.usedNanos = Long.MIN_VALUE / 2;
			}
		}
		try {
			flush();
		}
		catch (RuntimeException ex) {
			log.debug("Could not give budget leases back at shutdown; they expire on their own", ex);
		}
	}

	/** The allowance of this instance on an account, for tests. */
	BigDecimal allowance(String account) {
		synchronized (lock) {
			Lease l = leases.get(account);
			return l == null ? BigDecimal.ZERO : BigDecimal.valueOf(l.allowance(System.nanoTime(), leaseMillis), 9);
		}
	}

	private void addLeaseKeys(List<Object> keys, String account) {
		keys.add(prefix + "held:" + account);
		keys.add(prefix + "lease-expiry:" + account);
		keys.add(prefix + "lease-amount:" + account);
	}

	private String spendKey(String account, Window window) {
		return prefix + "spend:" + account + ":" + window.key();
	}

	/** Time to keep a key: until its window ended plus a grace day; 0 (forever) for all-time windows. */
	private static long ttlMillis(Instant end, Instant now) {
		if (end == null) {
			return 0;
		}
		long ttl = Duration.between(now, end).plus(GRACE).toMillis();
		return Math.max(ttl, GRACE.toMillis());
	}

	static long toNanos(BigDecimal usd) {
		return usd == null ? 0 : usd.movePointRight(9).setScale(0, RoundingMode.HALF_UP).longValueExact();
	}

	private static BigDecimal fromNanos(Object value) {
		return value == null ? BigDecimal.ZERO : BigDecimal.valueOf(LuaScripts.toLong(value), 9);
	}

	/**
	 * This instance's lease on one account: {@code granted} in Redis, of which {@code inFlight} is taken by requests
	 * running and {@code releasing} by requests that ended and wait for the next flush. Guarded by {@link #lock}.
	 */
	private static final class Lease {

		long granted;

		long inFlight;

		long releasing;

		long refreshedNanos = System.nanoTime();

		long usedNanos = System.nanoTime();

		Mono<Leased> extending;

		/** What may still be taken; nothing once the lease may have expired in Redis (half its TTL unrefreshed). */
		long allowance(long now, long leaseMillis) {
			if (now - refreshedNanos > leaseMillis * 500_000L) {
				return 0;
			}
			return Math.max(0, granted - inFlight - releasing);
		}
	}

	/** The answer of the lease script. */
	private record Leased(Reserved reserved, long[] deltas) {
	}

	/** A request that ended, waiting for the next flush. */
	private static final class Pending {

		final List<String> holders;

		final long held;

		final List<Counted> windows;

		final long charged;

		final List<Watch> watches;

		final Sinks.One<Settled> result = Sinks.one();

		Pending(List<String> holders, long held, List<Counted> windows, long charged, List<Watch> watches) {
			this.holders = holders;
			this.held = held;
			this.windows = windows;
			this.charged = charged;
			this.watches = watches;
		}
	}
}
