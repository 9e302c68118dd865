package io.llmgateway.gateway.spend.budget;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import reactor.core.publisher.Mono;

/**
 * Budget spend and holds in this instance's memory, exact to the last digit ({@link BigDecimal}). Admission takes
 * one short lock so that check-and-hold is atomic over all of a request's limits; settlement adds spend before it
 * releases the hold, so a concurrent admission sees either both or the more conservative state, never too little.
 * Ended windows of a period are forgotten when the next one starts.
 */
public final class LocalBudgetStore implements BudgetStore {

	private static final Mono<Reserved> ADMITTED = Mono.just(Reserved.ADMITTED);

	private final Map<String, Map<String, BigDecimal>> spend = new ConcurrentHashMap<>();

	private final Map<String, BigDecimal> held = new ConcurrentHashMap<>();

	private final Set<String> fired = ConcurrentHashMap.newKeySet();

	private final Object admission = new Object();

	@Override
	public String name() {
		return "local";
	}

	@Override
	public Mono<Reserved> reserve(String holdId, List<Limit> limits, List<String> holders, BigDecimal amount) {
		synchronized (admission) {
			for (int i = 0; i < limits.size(); i++) {
				Limit limit = limits.get(i);
				BigDecimal spent = spentNow(limit.account(), limit.window());
				BigDecimal onHold = held.getOrDefault(limit.account(), BigDecimal.ZERO);
				if (spent.add(onHold).compareTo(limit.max()) >= 0) {
					return Mono.just(new Reserved(i, spent, onHold));
				}
			}
			if (amount.signum() > 0) {
				for (String account : holders) {
					held.merge(account, amount, BigDecimal::add);
				}
			}
		}
		return ADMITTED;
	}

	@Override
	public Mono<Settled> settle(String holdId, List<String> holders, BigDecimal amount, List<Counted> windows,
			BigDecimal cost, List<Watch> watches) {
		if (cost.signum() > 0) {
			for (Counted c : windows) {
				add(c, cost);
			}
		}
		if (amount.signum() > 0) {
			for (String account : holders) {
				held.computeIfPresent(account, (k, v) -> {
					BigDecimal left = v.subtract(amount);
					return left.signum() <= 0 ? null : left;
				});
			}
		}
		if (watches.isEmpty()) {
			return Mono.just(Settled.NONE);
		}
		BigDecimal[] spent = new BigDecimal[watches.size()];
		boolean[] firedNow = new boolean[watches.size()];
		for (int i = 0; i < spent.length; i++) {
			Watch w = watches.get(i);
			Counted c = windows.get(w.window());
			spent[i] = spentNow(c.account(), c.window());
			firedNow[i] = spent[i].compareTo(w.threshold()) >= 0 && fired.add(w.firedKey());
		}
		return Mono.just(new Settled(spent, firedNow));
	}

	@Override
	public Mono<BigDecimal> spent(String account, Window window) {
		return Mono.just(spentNow(account, window));
	}

	@Override
	public void raise(List<Counted> windows, List<BigDecimal> ledgerSums) {
		for (int i = 0; i < windows.size(); i++) {
			Counted c = windows.get(i);
			BigDecimal sum = ledgerSums.get(i);
			if (sum != null && sum.signum() > 0) {
				spend.computeIfAbsent(c.account(), k -> new ConcurrentHashMap<>()).merge(c.window().key(), sum,
						BigDecimal::max);
			}
		}
	}

	/** The amount held on an account, for tests. */
	BigDecimal heldOn(String account) {
		return held.getOrDefault(account, BigDecimal.ZERO);
	}

	private BigDecimal spentNow(String account, Window window) {
		Map<String, BigDecimal> windows = spend.get(account);
		BigDecimal v = windows == null ? null : windows.get(window.key());
		return v == null ? BigDecimal.ZERO : v;
	}

	private void add(Counted c, BigDecimal cost) {
		Map<String, BigDecimal> windows = spend.computeIfAbsent(c.account(), k -> new ConcurrentHashMap<>());
		String current = c.window().key();
		if (windows.merge(current, cost, BigDecimal::add) == cost && c.window().end() != null) {
			// a new window started: forget the ended ones of this period
			String family = c.window().family();
			windows.keySet().removeIf(k -> k.startsWith(family) && !k.equals(current));
		}
	}
}
