package io.llmgateway.gateway.routing;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import io.llmgateway.gateway.core.Deployment;
import io.llmgateway.gateway.core.LlmProperties;

/**
 * The load-balancing strategies of {@code llm.router.strategy}; each picks one of the candidates that are left after
 * tried, cooling, out-of-quota and saturated deployments were removed.
 */
public enum RoutingStrategy {

	/** Weighted random: {@code weight}, default 1. */
	SIMPLE_SHUFFLE("simple-shuffle") {
		@Override
		Deployment pick(List<Deployment> candidates, Context ctx) {
			return weighted(candidates);
		}
	},
	ROUND_ROBIN("round-robin") {
		@Override
		Deployment pick(List<Deployment> candidates, Context ctx) {
			AtomicInteger counter = ctx.roundRobin.computeIfAbsent(candidates.get(0).group(), g -> new AtomicInteger());
			return candidates.get(Math.floorMod(counter.getAndIncrement(), candidates.size()));
		}
	},
	/** Fewest requests in flight; ties broken at random. */
	LEAST_BUSY("least-busy") {
		@Override
		Deployment pick(List<Deployment> candidates, Context ctx) {
			int best = Integer.MAX_VALUE;
			Deployment chosen = null;
			int ties = 0;
			for (Deployment d : candidates) {
				int n = ctx.stats.inFlight(d.id());
				if (n < best) {
					best = n;
					chosen = d;
					ties = 1;
				}
				else if (n == best && ThreadLocalRandom.current().nextInt(++ties) == 0) {
					chosen = d;
				}
			}
			return chosen;
		}
	},
	/**
	 * Lowest moving-average time to first byte; deployments within {@code latency-buffer} of the best share the load,
	 * deployments never measured are tried first, and a small share of requests probes at random.
	 */
	LATENCY_BASED("latency-based") {
		@Override
		Deployment pick(List<Deployment> candidates, Context ctx) {
			ThreadLocalRandom random = ThreadLocalRandom.current();
			if (random.nextDouble() < ctx.probeRate) {
				return candidates.get(random.nextInt(candidates.size()));
			}
			double best = Double.MAX_VALUE;
			for (Deployment d : candidates) {
				double l = ctx.stats.latencyMillis(d.id());
				if (l < 0) {
					return d;
				}
				best = Math.min(best, l);
			}
			double limit = best * (1 + ctx.latencyBuffer);
			List<Deployment> near = candidates.stream().filter(d -> ctx.stats.latencyMillis(d.id()) <= limit).toList();
			return weighted(near);
		}
	},
	/** Most headroom against the deployment's {@code tpm} / {@code rpm}; least used this minute when unlimited. */
	USAGE_BASED("usage-based") {
		@Override
		Deployment pick(List<Deployment> candidates, Context ctx) {
			Deployment chosen = null;
			double bestScore = Double.MAX_VALUE;
			for (Deployment d : candidates) {
				double score = usageShare(d, ctx.stats);
				if (score < bestScore) {
					bestScore = score;
					chosen = d;
				}
			}
			return chosen;
		}
	},
	/** Cheapest by configured {@code pricing} (unknown prices count as expensive), weighted among equals. */
	COST_BASED("cost-based") {
		@Override
		Deployment pick(List<Deployment> candidates, Context ctx) {
			BigDecimal best = null;
			for (Deployment d : candidates) {
				BigDecimal p = price(d);
				best = best == null || p.compareTo(best) < 0 ? p : best;
			}
			BigDecimal cheapest = best;
			return weighted(candidates.stream().filter(d -> price(d).compareTo(cheapest) == 0).toList());
		}
	};

	private static final BigDecimal UNKNOWN_PRICE = new BigDecimal("1000000");

	private final String key;

	RoutingStrategy(String key) {
		this.key = key;
	}

	public String key() {
		return key;
	}

	abstract Deployment pick(List<Deployment> candidates, Context ctx);

	public static RoutingStrategy of(String name) {
		String n = name.trim().toLowerCase().replace('_', '-');
		if (n.equals("latency-based-routing")) {
			n = "latency-based";
		}
		if (n.startsWith("usage-based")) {
			n = "usage-based";
		}
		if (n.equals("cost-based-routing")) {
			n = "cost-based";
		}
		for (RoutingStrategy s : values()) {
			if (s.key.equals(n)) {
				return s;
			}
		}
		throw new IllegalArgumentException("Unknown routing strategy '" + name + "' (llm.router.strategy): use one of "
				+ "simple-shuffle, round-robin, least-busy, latency-based, usage-based, cost-based");
	}

	static Deployment weighted(List<Deployment> candidates) {
		if (candidates.size() == 1) {
			return candidates.get(0);
		}
		long total = 0;
		for (Deployment d : candidates) {
			total += Math.max(0, d.weight());
		}
		ThreadLocalRandom random = ThreadLocalRandom.current();
		if (total <= 0) {
			return candidates.get(random.nextInt(candidates.size()));
		}
		long r = random.nextLong(total);
		for (Deployment d : candidates) {
			r -= Math.max(0, d.weight());
			if (r < 0) {
				return d;
			}
		}
		return candidates.get(candidates.size() - 1);
	}

	static double usageShare(Deployment d, DeploymentStats stats) {
		Long tpm = d.config().tpm();
		Long rpm = d.config().rpm();
		double tokens = stats.tokensThisMinute(d.id());
		double requests = stats.requestsThisMinute(d.id());
		double share = 0;
		boolean limited = false;
		if (tpm != null && tpm > 0) {
			share = Math.max(share, tokens / tpm);
			limited = true;
		}
		if (rpm != null && rpm > 0) {
			share = Math.max(share, requests / rpm);
			limited = true;
		}
		return limited ? share : tokens / 1_000_000_000d;
	}

	static BigDecimal price(Deployment d) {
		LlmProperties.Pricing p = d.config().pricing();
		if (p == null || p.inputPerMillion() == null || p.outputPerMillion() == null) {
			return UNKNOWN_PRICE;
		}
		return p.inputPerMillion().add(p.outputPerMillion());
	}

	/** What strategies read. */
	static final class Context {

		final DeploymentStats stats;

		final double latencyBuffer;

		final double probeRate;

		final Map<String, AtomicInteger> roundRobin = new ConcurrentHashMap<>();

		Context(DeploymentStats stats, double latencyBuffer, double probeRate) {
			this.stats = stats;
			this.latencyBuffer = latencyBuffer;
			this.probeRate = probeRate;
		}
	}
}
