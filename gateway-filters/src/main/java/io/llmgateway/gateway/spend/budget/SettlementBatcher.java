package io.llmgateway.gateway.spend.budget;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.llmgateway.gateway.spend.budget.BudgetStore.Counted;
import io.llmgateway.gateway.spend.budget.BudgetStore.Settled;
import io.llmgateway.gateway.spend.budget.BudgetStore.Watch;
import io.llmgateway.gateway.spend.budget.RedisBudgetScripts.Charge;
import io.llmgateway.gateway.spend.budget.RedisBudgetScripts.Crossing;
import io.llmgateway.gateway.spend.budget.RedisBudgetScripts.FlushAnswer;
import io.llmgateway.gateway.spend.budget.RedisBudgetScripts.Threshold;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Settles ended requests in Redis by group commit: one flush at a time is on its way (then {@link #LINGER} passes),
 * and the requests that end meanwhile go together in the next, in one script that gives their estimates back to the
 * leases, adds their costs to every window and claims threshold alerts once cluster-wide. A request alone is settled
 * at once; under load each flush carries many. Each flush also gives back the allowance the {@link LeaseBook} left
 * idle.
 */
final class SettlementBatcher {

	private static final int MAX_BATCH = 512;

	/** Least time between two flushes. */
	static final Duration LINGER = Duration.ofMillis(2);

	private final RedisBudgetScripts scripts;

	private final LeaseBook book;

	private final Clock clock;

	private final Object lock = new Object();

	/** Guarded by {@link #lock}. */
	private List<Ended> queue = new ArrayList<>();

	/** A flush is on its way to Redis. Guarded by {@link #lock}. */
	private boolean flushing;

	SettlementBatcher(RedisBudgetScripts scripts, LeaseBook book, Clock clock) {
		this.scripts = scripts;
		this.book = book;
		this.clock = clock;
	}

	/**
	 * Queues a request that ended: {@code held} to give back from the leases of {@code holders}, {@code cost} to add
	 * to every window, thresholds to watch.
	 */
	Mono<Settled> settle(List<String> holders, long held, List<Counted> windows, long cost, List<Watch> watches) {
		Ended e = new Ended(holders, held, windows, cost, watches);
		book.ended(holders, held);
		boolean flushNow;
		synchronized (lock) {
			queue.add(e);
			flushNow = !flushing;
		}
		if (flushNow) {
			flush();
		}
		return e.result.asMono();
	}

	/** Sends what ended since the last flush, and the idle allowance, unless a flush is on its way. */
	void flush() {
		List<Ended> batch;
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
			for (Ended e : batch) {
				for (String account : e.holders) {
					release.merge(account, e.held, Long::sum);
				}
			}
			book.collectIdle(release);
			if (batch.isEmpty() && release.isEmpty()) {
				return;
			}
			flushing = true;
		}
		Batch b = new Batch(batch);
		scripts.flush(release, b.charges, b.thresholds, clock.instant())
			// the next flush waits a little, so that under load each one carries many requests
			.doFinally(signal -> Mono.delay(LINGER).subscribe(tick -> {
				synchronized (lock) {
					flushing = false;
				}
				flush();
			}))
			.subscribe(answer -> {
				book.released(release, true);
				b.done(answer);
			}, ex -> {
				book.released(release, false);
				b.failed(ex);
			});
	}

	/**
	 * One flush's requests: their windows summed (one charge per window) and their thresholds deduplicated, and how
	 * the answer goes back to each request.
	 */
	private static final class Batch {

		final List<Ended> ended;

		final List<Charge> charges = new ArrayList<>();

		final List<Threshold> thresholds = new ArrayList<>();

		/** Per request, per watch of it: the index of the threshold sent. */
		final int[][] thresholdOf;

		Batch(List<Ended> ended) {
			this.ended = ended;
			Map<Counted, Integer> windowIndex = new LinkedHashMap<>();
			List<Long> costs = new ArrayList<>();
			Map<String, Integer> thresholdIndex = new LinkedHashMap<>();
			thresholdOf = new int[ended.size()][];
			for (int p = 0; p < ended.size(); p++) {
				Ended e = ended.get(p);
				int[] local = new int[e.windows.size()];
				for (int w = 0; w < e.windows.size(); w++) {
					Counted c = e.windows.get(w);
					Integer at = windowIndex.putIfAbsent(c, windowIndex.size());
					if (at == null) {
						at = costs.size();
						costs.add(0L);
					}
					costs.set(at, costs.get(at) + e.cost);
					local[w] = at;
				}
				thresholdOf[p] = new int[e.watches.size()];
				for (int a = 0; a < e.watches.size(); a++) {
					Watch w = e.watches.get(a);
					Integer at = thresholdIndex.putIfAbsent(w.firedKey(), thresholdIndex.size());
					if (at == null) {
						at = thresholds.size();
						thresholds.add(new Threshold(local[w.window()], RedisBudgetScripts.toNanos(w.threshold()),
								w.firedKey(), w.until()));
					}
					thresholdOf[p][a] = at;
				}
			}
			int i = 0;
			for (Counted c : windowIndex.keySet()) {
				charges.add(new Charge(c, costs.get(i++)));
			}
		}

		void done(FlushAnswer answer) {
			boolean[] unclaimed = new boolean[thresholds.size()];
			for (int a = 0; a < unclaimed.length; a++) {
				unclaimed[a] = answer.thresholds().get(a).fired();
			}
			for (int p = 0; p < ended.size(); p++) {
				int[] mine = thresholdOf[p];
				BigDecimal[] spent = new BigDecimal[mine.length];
				boolean[] fired = new boolean[mine.length];
				for (int a = 0; a < mine.length; a++) {
					Crossing c = answer.thresholds().get(mine[a]);
					spent[a] = RedisBudgetScripts.fromNanos(c.spent());
					// a crossing is reported to the first request of the batch that watched it
					fired[a] = unclaimed[mine[a]];
					unclaimed[mine[a]] = false;
				}
				ended.get(p).result.tryEmitValue(new Settled(spent, fired));
			}
		}

		void failed(Throwable ex) {
			for (Ended e : ended) {
				e.result.tryEmitError(ex);
			}
		}
	}

	/** A request that ended, waiting for the next flush. */
	private static final class Ended {

		final List<String> holders;

		final long held;

		final List<Counted> windows;

		final long cost;

		final List<Watch> watches;

		final Sinks.One<Settled> result = Sinks.one();

		Ended(List<String> holders, long held, List<Counted> windows, long cost, List<Watch> watches) {
			this.holders = holders;
			this.held = held;
			this.windows = windows;
			this.cost = cost;
			this.watches = watches;
		}
	}
}
