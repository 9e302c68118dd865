package io.llmgateway.gateway.spend;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.llmgateway.gateway.redis.LuaScripts;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import reactor.core.publisher.Mono;

/**
 * Budget spend and holds in Redis, shared by every gateway instance. Admission is one Lua script, atomic over all of
 * a request's limits (check spend + holds, then hold); settlement is one script (release, add, fire alerts once
 * cluster-wide). Money is kept as integer nano-USD, exact for any realistic budget (up to 9 million USD per window,
 * where Lua's doubles stay exact); the ledger keeps the exact decimal cost.
 * <p>
 * Holds carry a lease ({@code hold-ttl}) kept in a sorted set per account, so the holds of an instance that died
 * before settling are dropped by the next admission on that account. Windows expire a day after they end, so a reset
 * needs nobody to delete anything. Timeouts and the failure policy are the caller's ({@link BudgetTracker}).
 * <p>
 * Every script touches several accounts; on Redis Cluster give {@code key-prefix} a hash tag (e.g.
 * {@code {llm-budget}:}) so that they share a slot.
 */
public final class RedisBudgetStore implements BudgetStore {

	private static final LuaScripts.Script RESERVE = LuaScripts.Script.load(RedisBudgetStore.class,
			"budget-reserve.lua");

	private static final LuaScripts.Script SETTLE = LuaScripts.Script.load(RedisBudgetStore.class, "budget-settle.lua");

	private static final LuaScripts.Script RAISE = LuaScripts.Script.load(RedisBudgetStore.class, "budget-raise.lua");

	/** How long a window's counter outlives its window (reports and late settlements still see it). */
	private static final Duration GRACE = Duration.ofDays(1);

	private static final int RAISE_CHUNK = 256;

	private final LuaScripts scripts;

	private final RedissonClient redisson;

	private final String prefix;

	private final long leaseMillis;

	private final Clock clock;

	public RedisBudgetStore(RedissonClient redisson, String keyPrefix, Duration holdTtl, Clock clock) {
		this.scripts = new LuaScripts(redisson);
		this.redisson = redisson;
		this.prefix = keyPrefix;
		this.leaseMillis = holdTtl.toMillis();
		this.clock = clock;
	}

	@Override
	public String name() {
		return "redis";
	}

	@Override
	public Mono<Reserved> reserve(String holdId, List<Limit> limits, List<String> holders, BigDecimal amount) {
		List<Object> keys = new ArrayList<>(limits.size() + 2 * holders.size());
		List<Object> args = new ArrayList<>(5 + 2 * limits.size());
		long nanos = toNanos(amount);
		args.add(limits.size());
		args.add(holders.size());
		args.add(nanos);
		args.add(member(holdId, nanos));
		args.add(leaseMillis);
		for (Limit limit : limits) {
			keys.add(spendKey(limit.account(), limit.window()));
			args.add(toNanos(limit.max()));
			args.add(holders.indexOf(limit.account()) + 1);
		}
		for (String account : holders) {
			keys.add(prefix + "held:" + account);
			keys.add(prefix + "leases:" + account);
		}
		return scripts.<List<Object>>eval(RESERVE, RScript.Mode.READ_WRITE, RScript.ReturnType.MULTI, keys, args)
			.map(r -> LuaScripts.toLong(r.get(0)) == 1 ? Reserved.ADMITTED
					: new Reserved((int) LuaScripts.toLong(r.get(1)) - 1, fromNanos(r.get(2)), fromNanos(r.get(3))));
	}

	@Override
	public Mono<Settled> settle(String holdId, List<String> holders, BigDecimal amount, List<Counted> windows,
			BigDecimal cost, List<Watch> watches) {
		long held = toNanos(amount);
		long charged = toNanos(cost);
		List<String> releasing = held > 0 ? holders : List.of();
		List<Counted> counted = charged > 0 || !watches.isEmpty() ? windows : List.of();
		List<Object> keys = new ArrayList<>(2 * releasing.size() + counted.size() + watches.size());
		List<Object> args = new ArrayList<>(6 + counted.size() + 3 * watches.size());
		args.add(releasing.size());
		args.add(member(holdId, held));
		args.add(held);
		args.add(charged);
		args.add(counted.size());
		args.add(watches.size());
		for (String account : releasing) {
			keys.add(prefix + "held:" + account);
			keys.add(prefix + "leases:" + account);
		}
		Instant now = clock.instant();
		for (Counted c : counted) {
			keys.add(spendKey(c.account(), c.window()));
			args.add(ttlMillis(c.window().end(), now));
		}
		for (Watch w : watches) {
			keys.add(prefix + "fired:" + w.firedKey());
			args.add(w.window() + 1);
			args.add(toNanos(w.threshold()));
			args.add(ttlMillis(w.until(), now));
		}
		if (keys.isEmpty()) {
			return Mono.just(Settled.NONE);
		}
		return scripts.<List<Object>>eval(SETTLE, RScript.Mode.READ_WRITE, RScript.ReturnType.MULTI, keys, args)
			.map(r -> {
				BigDecimal[] spent = new BigDecimal[watches.size()];
				boolean[] fired = new boolean[watches.size()];
				for (int i = 0; i < spent.length; i++) {
					spent[i] = fromNanos(r.get(2 * i));
					fired[i] = LuaScripts.toLong(r.get(2 * i + 1)) == 1;
				}
				return new Settled(spent, fired);
			});
	}

	@Override
	public Mono<BigDecimal> spent(String account, Window window) {
		return Mono
			.fromCompletionStage(() -> redisson.<String>getBucket(spendKey(account, window),
					StringCodec.INSTANCE).getAsync())
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

	private String spendKey(String account, Window window) {
		return prefix + "spend:" + account + ":" + window.key();
	}

	/** The lease set's member for a hold: unique per request, and it carries the amount for expiry. */
	private static String member(String holdId, long nanos) {
		return holdId + "|" + nanos;
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
}
