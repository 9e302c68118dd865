package io.llmgateway.gateway.spend.budget;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import io.llmgateway.gateway.redis.LuaScripts;
import io.llmgateway.gateway.spend.budget.BudgetStore.Counted;
import io.llmgateway.gateway.spend.budget.BudgetStore.Limit;
import io.llmgateway.gateway.spend.budget.BudgetStore.Window;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import reactor.core.publisher.Mono;

/**
 * The budget store's Lua scripts and key layout in Redis: encodes each call into the scripts' {@code KEYS} and
 * {@code ARGV} and decodes their answers into records, so that nothing else depends on the scripts' layout (see the
 * header of each {@code .lua} file). Money is integer nano-USD in Redis: exact for any realistic budget (up to 9
 * million USD per window, where Lua's doubles stay exact). Counts the round trips it makes.
 */
final class RedisBudgetScripts {

	private static final LuaScripts.Script LEASE = LuaScripts.Script.load(RedisBudgetScripts.class, "budget-lease.lua");

	private static final LuaScripts.Script FLUSH = LuaScripts.Script.load(RedisBudgetScripts.class, "budget-flush.lua");

	private static final LuaScripts.Script RAISE = LuaScripts.Script.load(RedisBudgetScripts.class, "budget-raise.lua");

	/** How long a window's counter outlives its window (reports and late settlements still see it). */
	private static final Duration GRACE = Duration.ofDays(1);

	private static final int RAISE_CHUNK = 256;

	private static final Duration BLOCKING_CALL = Duration.ofSeconds(10);

	private final LuaScripts scripts;

	private final RedissonClient redisson;

	private final String prefix;

	/** This instance's lease id in Redis. */
	private final String leaseId;

	private final long leaseMillis;

	private final LongAdder roundTrips = new LongAdder();

	RedisBudgetScripts(RedissonClient redisson, String prefix, String leaseId, long leaseMillis) {
		this.scripts = new LuaScripts(redisson);
		this.redisson = redisson;
		this.prefix = prefix;
		this.leaseId = leaseId;
		this.leaseMillis = leaseMillis;
	}

	/** What the lease script answered: the allowance granted per account, or the limit that refused. */
	record LeaseAnswer(Map<String, Long> granted, Denial denied) {

		boolean admitted() {
			return denied == null;
		}
	}

	/** A limit reached: its window's spend and every instance's leases on its account, in nano-USD. */
	record Denial(Limit limit, long spent, long held) {
	}

	/** One window's share of a settlement batch: the summed cost of the requests that ended. */
	record Charge(Counted window, long cost) {
	}

	/** A threshold watched in a settlement batch; {@code window} indexes the batch's charges. */
	record Threshold(int window, long threshold, String firedKey, Instant until) {
	}

	/** What the flush script answered: what each lease gave back, and per threshold the spend and whether it fired. */
	record FlushAnswer(Map<String, Long> released, List<Crossing> thresholds) {
	}

	/** A threshold after a flush: its window's spend, and whether this flush is the first to see it reached. */
	record Crossing(long spent, boolean fired) {
	}

	/**
	 * Checks {@code limits} (spend plus every instance's leases below the maximum) and grows this instance's lease
	 * on each of {@code accounts} by {@code need} plus up to {@code chunk} (need 0: check only).
	 */
	Mono<LeaseAnswer> lease(List<Limit> limits, List<String> accounts, long need, long chunk) {
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
		return this.<List<Object>>eval(LEASE, RScript.ReturnType.MULTI, keys, args).map(r -> {
			if (LuaScripts.toLong(r.get(0)) != 1) {
				Limit denied = limits.get((int) LuaScripts.toLong(r.get(1)) - 1);
				return new LeaseAnswer(Map.of(), new Denial(denied, toLong(r.get(2)), toLong(r.get(3))));
			}
			Map<String, Long> granted = new LinkedHashMap<>();
			for (int i = 0; i < accounts.size(); i++) {
				granted.put(accounts.get(i), LuaScripts.toLong(r.get(i + 1)));
			}
			return new LeaseAnswer(granted, null);
		});
	}

	/**
	 * Shrinks this instance's leases by {@code release}, adds each charge to its window and reports every threshold
	 * once cluster-wide.
	 */
	Mono<FlushAnswer> flush(Map<String, Long> release, List<Charge> charges, List<Threshold> thresholds, Instant now) {
		List<Object> keys = new ArrayList<>(3 * release.size() + charges.size() + thresholds.size());
		List<Object> args = new ArrayList<>(5 + release.size() + 2 * charges.size() + 3 * thresholds.size());
		args.add(release.size());
		args.add(charges.size());
		args.add(thresholds.size());
		args.add(leaseId);
		args.add(leaseMillis);
		for (Map.Entry<String, Long> e : release.entrySet()) {
			addLeaseKeys(keys, e.getKey());
			args.add(e.getValue());
		}
		for (Charge c : charges) {
			keys.add(spendKey(c.window().account(), c.window().window()));
			args.add(c.cost());
			args.add(ttlMillis(c.window().window().end(), now));
		}
		for (Threshold t : thresholds) {
			keys.add(prefix + "fired:" + t.firedKey());
			args.add(t.window() + 1);
			args.add(t.threshold());
			args.add(ttlMillis(t.until(), now));
		}
		return this.<List<Object>>eval(FLUSH, RScript.ReturnType.MULTI, keys, args).map(r -> {
			Map<String, Long> released = new LinkedHashMap<>();
			int at = 0;
			for (String account : release.keySet()) {
				released.put(account, LuaScripts.toLong(r.get(at++)));
			}
			List<Crossing> crossings = new ArrayList<>(thresholds.size());
			for (int i = 0; i < thresholds.size(); i++) {
				crossings.add(new Crossing(toLong(r.get(at++)), LuaScripts.toLong(r.get(at++)) == 1));
			}
			return new FlushAnswer(released, crossings);
		});
	}

	Mono<BigDecimal> spent(String account, Window window) {
		roundTrips.increment();
		return Mono
			.fromCompletionStage(() -> redisson.<String>getBucket(spendKey(account, window), StringCodec.INSTANCE)
				.getAsync())
			.map(v -> fromNanos(Long.parseLong(v)))
			.defaultIfEmpty(BigDecimal.ZERO);
	}

	/** Raises each window to at least the ledger's sum, in chunks; blocks. */
	void raise(List<Counted> windows, List<BigDecimal> ledgerSums, Instant now) {
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
			eval(RAISE, RScript.ReturnType.INTEGER, keys, args).block(BLOCKING_CALL);
		}
	}

	/** Opens the connections and loads the scripts: one no-op call of each, waited for. */
	void warmUp() {
		eval(RAISE, RScript.ReturnType.INTEGER, List.of(), List.of()).block(BLOCKING_CALL);
		eval(LEASE, RScript.ReturnType.MULTI, List.of(), List.of(0, 0, leaseId, leaseMillis)).block(BLOCKING_CALL);
		eval(FLUSH, RScript.ReturnType.MULTI, List.of(), List.of(0, 0, 0, leaseId, leaseMillis)).block(BLOCKING_CALL);
	}

	/** Calls made to Redis so far. */
	long roundTrips() {
		return roundTrips.sum();
	}

	private <R> Mono<R> eval(LuaScripts.Script script, RScript.ReturnType type, List<Object> keys, List<Object> args) {
		roundTrips.increment();
		return scripts.eval(script, RScript.Mode.READ_WRITE, type, keys, args);
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

	private static long toLong(Object value) {
		return value == null ? 0 : LuaScripts.toLong(value);
	}

	static long toNanos(BigDecimal usd) {
		return usd == null ? 0 : usd.movePointRight(9).setScale(0, RoundingMode.HALF_UP).longValueExact();
	}

	static BigDecimal fromNanos(long nanos) {
		return BigDecimal.valueOf(nanos, 9);
	}
}
