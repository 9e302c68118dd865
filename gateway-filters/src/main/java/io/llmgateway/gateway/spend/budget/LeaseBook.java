package io.llmgateway.gateway.spend.budget;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.llmgateway.gateway.spend.budget.RedisBudgetScripts.LeaseAnswer;
import reactor.core.publisher.Sinks;

/**
 * This instance's leases in Redis, one per budgeted account: how much allowance Redis granted, how much of it the
 * requests running have taken, and how much is on its way back. Admissions take from it without a round trip; when
 * an account's allowance is short, one extension at a time runs per account (others join it). All state is guarded
 * by one short lock.
 */
final class LeaseBook {

	private final Object lock = new Object();

	/** Guarded by {@link #lock}. */
	private final Map<String, Lease> leases = new HashMap<>();

	/** What each admitted request took, so that it is given back exactly once. */
	private final Map<String, Long> taken = new ConcurrentHashMap<>();

	private final long leaseMillis;

	private final long idleNanos;

	/**
	 * @param leaseMillis how long a lease outlives its last refresh in Redis
	 * @param idleNanos allowance unused for this long is given back
	 */
	LeaseBook(long leaseMillis, long idleNanos) {
		this.leaseMillis = leaseMillis;
		this.idleNanos = idleNanos;
	}

	/**
	 * What {@link #take} found when the allowance was short: the accounts lacking it, and either an extension
	 * already running to wait for ({@code joined}) or the one just marked as running on them ({@code started}),
	 * which the caller must run and end with {@link #extended}.
	 */
	record Shortfall(List<String> lacking, Sinks.One<LeaseAnswer> joined, Sinks.One<LeaseAnswer> started) {
	}

	/**
	 * Takes {@code need} from the allowance of every holder, all or nothing.
	 *
	 * @param join wait for an extension already running on a lacking account rather than start one
	 * @return null when taken, else the {@link Shortfall}
	 */
	Shortfall take(String holdId, List<String> holders, long need, boolean join) {
		synchronized (lock) {
			long now = System.nanoTime();
			List<String> lacking = null;
			for (String account : holders) {
				if (lease(account).allowance(now, leaseMillis) < need) {
					if (lacking == null) {
						lacking = new ArrayList<>(holders.size());
					}
					lacking.add(account);
				}
			}
			if (lacking == null) {
				for (String account : holders) {
					Lease l = leases.get(account);
					l.inFlight += need;
					l.usedNanos = now;
				}
				taken.put(holdId, need);
				return null;
			}
			if (join) {
				for (String account : lacking) {
					Sinks.One<LeaseAnswer> running = leases.get(account).extending;
					if (running != null) {
						return new Shortfall(lacking, running, null);
					}
				}
			}
			Sinks.One<LeaseAnswer> started = Sinks.one();
			for (String account : lacking) {
				leases.get(account).extending = started;
			}
			return new Shortfall(lacking, null, started);
		}
	}

	/**
	 * An extension ended: credits what Redis granted (null when it failed) and clears the mark. Runs even when the
	 * request that started it was cancelled, so that Redis and this book agree on what is leased.
	 */
	void extended(List<String> accounts, Map<String, Long> granted, Sinks.One<LeaseAnswer> extension) {
		synchronized (lock) {
			long now = System.nanoTime();
			for (String account : accounts) {
				Lease l = granted != null ? lease(account) : leases.get(account);
				if (l == null) {
					continue;
				}
				if (granted != null) {
					l.granted += granted.getOrDefault(account, 0L);
					l.refreshedNanos = now;
				}
				if (l.extending == extension) {
					l.extending = null;
				}
			}
		}
	}

	/** What an admitted request took, once (0 when it took nothing or was given back already). */
	long untake(String holdId) {
		Long need = taken.remove(holdId);
		return need == null ? 0 : need;
	}

	/** A request ended: what it took waits for the next flush to go back to Redis. */
	void ended(List<String> holders, long held) {
		synchronized (lock) {
			for (String account : holders) {
				Lease l = leases.get(account);
				if (l != null) {
					l.inFlight -= held;
					l.releasing += held;
				}
			}
		}
	}

	/**
	 * Adds to {@code release} the allowance no request used for the idle time (marked as on its way back), and
	 * forgets leases with nothing left.
	 */
	void collectIdle(Map<String, Long> release) {
		synchronized (lock) {
			long now = System.nanoTime();
			for (Map.Entry<String, Lease> e : leases.entrySet()) {
				Lease l = e.getValue();
				long idle = l.granted - l.inFlight - l.releasing;
				if (idle > 0 && l.extending == null && now - l.usedNanos > idleNanos) {
					l.releasing += idle;
					release.merge(e.getKey(), idle, Long::sum);
				}
			}
			leases.values()
				.removeIf(l -> l.granted <= 0 && l.inFlight <= 0 && l.releasing <= 0 && l.extending == null);
		}
	}

	/** A flush ended: whatever Redis answered, the amounts are no longer leased here (a failure leaves them held). */
	void released(Map<String, Long> release, boolean refreshed) {
		synchronized (lock) {
			long now = System.nanoTime();
			for (Map.Entry<String, Long> e : release.entrySet()) {
				Lease l = lease(e.getKey());
				l.releasing -= e.getValue();
				l.granted = Math.max(0, l.granted - e.getValue());
				if (refreshed) {
					l.refreshedNanos = now;
				}
			}
		}
	}

	/** Makes every lease idle, so that the next flush gives all unused allowance back (shutdown). */
	void idleAll() {
		synchronized (lock) {
			for (Lease l : leases.values()) {
				l.usedNanos = Long.MIN_VALUE / 2;
			}
		}
	}

	/** The allowance on an account in nano-USD. */
	long allowance(String account) {
		synchronized (lock) {
			Lease l = leases.get(account);
			return l == null ? 0 : l.allowance(System.nanoTime(), leaseMillis);
		}
	}

	private Lease lease(String account) {
		return leases.computeIfAbsent(account, a -> new Lease());
	}

	/**
	 * The lease on one account: {@code granted} in Redis, of which {@code inFlight} is taken by requests running and
	 * {@code releasing} by requests that ended and wait for the next flush.
	 */
	private static final class Lease {

		long granted;

		long inFlight;

		long releasing;

		long refreshedNanos = System.nanoTime();

		long usedNanos = System.nanoTime();

		/** The extension running for this account, or null. */
		Sinks.One<LeaseAnswer> extending;

		/** What may still be taken; nothing once the lease may have expired in Redis (half its TTL unrefreshed). */
		long allowance(long now, long leaseMillis) {
			if (now - refreshedNanos > leaseMillis * 500_000L) {
				return 0;
			}
			return Math.max(0, granted - inFlight - releasing);
		}
	}
}
