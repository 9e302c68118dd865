package io.llmgateway.gateway.spend.budget;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.llmgateway.gateway.spend.budget.RedisBudgetScripts.LeaseAnswer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.redisson.api.RedissonClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Budget spend and holds in Redis, shared by every gateway instance, at a fraction of a Redis call per request.
 * <p>
 * <b>Leases</b> ({@link LeaseBook}). Each instance holds a lease on each budgeted account (a hold in Redis under the
 * instance's id) and admits requests against it locally, without a round trip, until it is used up. A request takes
 * its estimate from the lease's allowance; when the allowance is short, one Lua script checks all of the request's
 * limits (spend plus every instance's lease below the maximum) and grows the lease by what the request needs plus up
 * to {@code lease-requests} more such requests, but by at most half of what is left under the tightest limit, so that
 * near a limit leases shrink to single requests and instances share what remains. Leases are consumed, not recycled:
 * a request that ends gives its estimate back to Redis (the lease shrinks) and adds its real cost to spend. Allowance
 * unused for {@code lease-idle} is given back; a lease is refreshed on every use and expires {@code hold-ttl} after the
 * last, so a crashed instance cannot hold budget for long. With {@code lease-requests: 0} every admission is its own
 * script call for exactly its estimate (no allowance is kept).
 * <p>
 * <b>Settlement</b> is batched by group commit ({@link SettlementBatcher}). The scripts and key layout are
 * {@link RedisBudgetScripts}'. Timeouts and the failure policy are the caller's ({@link BudgetTracker}). Every script
 * touches several accounts; on Redis Cluster give {@code key-prefix} a hash tag (e.g. {@code {llm-budget}:}) so that
 * they share a slot.
 */
public final class RedisBudgetStore implements BudgetStore, AutoCloseable {

	private static final Log log = LogFactory.getLog(RedisBudgetStore.class);

	private static final Mono<Reserved> ADMITTED = Mono.just(Reserved.ADMITTED);

	/** Times a request waits for another's extension before it starts its own. */
	private static final int MAX_JOINS = 16;

	private final RedisBudgetScripts scripts;

	private final LeaseBook book;

	private final SettlementBatcher settlements;

	private final Clock clock;

	private final long leaseRequests;

	private final Disposable idleReturn;

	/**
	 * @param holdTtl how long a lease outlives its last use (an instance that died)
	 * @param leaseRequests how many requests like the current one a lease may cover beyond it (0: none)
	 * @param idleAfter allowance unused for this long is given back
	 */
	public RedisBudgetStore(RedissonClient redisson, String keyPrefix, Duration holdTtl, long leaseRequests,
			Duration idleAfter, Clock clock) {
		this.scripts = new RedisBudgetScripts(redisson, keyPrefix, "gw-" + UUID.randomUUID(), holdTtl.toMillis());
		this.book = new LeaseBook(holdTtl.toMillis(), idleAfter.toNanos());
		this.settlements = new SettlementBatcher(scripts, book, clock);
		this.clock = clock;
		this.leaseRequests = Math.max(0, leaseRequests);
		this.idleReturn = Flux.interval(idleAfter).onBackpressureDrop().subscribe(tick -> settlements.flush());
	}

	@Override
	public String name() {
		return "redis";
	}

	@Override
	public Mono<Reserved> reserve(String holdId, List<Limit> limits, List<String> holders, BigDecimal amount) {
		long need = RedisBudgetScripts.toNanos(amount);
		if (need <= 0) {
			return scripts.lease(limits, holders, 0, 0).map(answer -> reserved(answer, limits));
		}
		return reserve(holdId, limits, holders, need, 0);
	}

	private Mono<Reserved> reserve(String holdId, List<Limit> limits, List<String> holders, long need, int attempt) {
		LeaseBook.Shortfall shortfall = book.take(holdId, holders, need, leaseRequests > 0 && attempt < MAX_JOINS);
		if (shortfall == null) {
			return ADMITTED;
		}
		if (shortfall.joined() != null) {
			// one extension per account at a time: join the one in flight, then look again
			return shortfall.joined()
				.asMono()
				.onErrorResume(ex -> Mono.empty())
				.then(Mono.defer(() -> reserve(holdId, limits, holders, need, attempt + 1)));
		}
		extend(limits, shortfall.lacking(), need, shortfall.started());
		return shortfall.started().asMono().flatMap(answer -> {
			if (!answer.admitted()) {
				return Mono.just(reserved(answer, limits));
			}
			// taken now, or another request took what was just leased: go round again
			return reserve(holdId, limits, holders, need, attempt + 1);
		});
	}

	/**
	 * Grows the leases of {@code lacking} by {@code need} plus up to {@code lease-requests} like it, and answers to
	 * {@code extension}. The call runs to its end and is credited to the book even if the request that started it is
	 * cancelled, so that Redis and this instance agree on what is leased.
	 */
	private void extend(List<Limit> limits, List<String> lacking, long need, Sinks.One<LeaseAnswer> extension) {
		List<Limit> checked = new ArrayList<>(limits.size());
		for (Limit l : limits) {
			if (lacking.contains(l.account())) {
				checked.add(l);
			}
		}
		long chunk = need > Long.MAX_VALUE / Math.max(1, leaseRequests) ? Long.MAX_VALUE / 4 : need * leaseRequests;
		scripts.lease(checked, lacking, need, chunk).subscribe(r -> {
			book.extended(lacking, r.admitted() ? r.granted() : null, extension);
			extension.tryEmitValue(r);
		}, ex -> {
			book.extended(lacking, null, extension);
			extension.tryEmitError(ex);
		});
	}

	private static Reserved reserved(LeaseAnswer answer, List<Limit> limits) {
		if (answer.admitted()) {
			return Reserved.ADMITTED;
		}
		return new Reserved(limits.indexOf(answer.denied().limit()), RedisBudgetScripts.fromNanos(answer.denied().spent()),
				RedisBudgetScripts.fromNanos(answer.denied().held()));
	}

	@Override
	public Mono<Settled> settle(String holdId, List<String> holders, BigDecimal amount, List<Counted> windows,
			BigDecimal cost, List<Watch> watches) {
		long taken = book.untake(holdId);
		long charged = RedisBudgetScripts.toNanos(cost);
		if (taken == 0 && charged <= 0 && watches.isEmpty()) {
			return Mono.just(Settled.NONE);
		}
		return settlements.settle(taken == 0 ? List.of() : holders, taken,
				charged > 0 || !watches.isEmpty() ? windows : List.of(), charged, watches);
	}

	@Override
	public Mono<BigDecimal> spent(String account, Window window) {
		return scripts.spent(account, window);
	}

	@Override
	public void raise(List<Counted> windows, List<BigDecimal> ledgerSums) {
		scripts.raise(windows, ledgerSums, clock.instant());
	}

	/** Opens the connections and loads the scripts: one no-op script call each, waited for. */
	@Override
	public void warmUp() {
		scripts.warmUp();
	}

	/** Calls this store has made to Redis (admissions, settlements, reads, reconciliation). */
	public long roundTrips() {
		return scripts.roundTrips();
	}

	/** Gives back this instance's allowance and settles what is queued, so a clean shutdown holds nothing. */
	@Override
	public void close() {
		idleReturn.dispose();
		book.idleAll();
		try {
			settlements.flush();
		}
		catch (RuntimeException ex) {
			log.debug("Could not give budget leases back at shutdown; they expire on their own", ex);
		}
	}

	/** The allowance of this instance on an account, for tests. */
	BigDecimal allowance(String account) {
		return RedisBudgetScripts.fromNanos(book.allowance(account));
	}

	static long toNanos(BigDecimal usd) {
		return RedisBudgetScripts.toNanos(usd);
	}
}
