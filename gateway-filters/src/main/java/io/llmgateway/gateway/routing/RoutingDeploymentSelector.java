package io.llmgateway.gateway.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.llmgateway.gateway.core.Deployment;
import io.llmgateway.gateway.core.ModelGroup;

/**
 * The router's deployment choice: removes deployments already tried, cooling down, at their
 * {@code max-parallel}, or out of their {@code rpm}/{@code tpm} this minute; prefers the lowest {@code order}; then
 * lets the group's {@link RoutingStrategy} choose.
 */
public class RoutingDeploymentSelector {

	private final RouterProperties properties;

	private final CooldownTracker cooldowns;

	private final DeploymentStats stats;

	private final RoutingStrategy.Context context;

	private final boolean localQuota;

	public RoutingDeploymentSelector(RouterProperties properties, CooldownTracker cooldowns, DeploymentStats stats) {
		this(properties, cooldowns, stats, true);
	}

	/**
	 * @param localQuota enforce {@code rpm}/{@code tpm} from this instance's own counts; false when the rate
	 * limiter's shared {@code DeploymentQuota} does it
	 */
	public RoutingDeploymentSelector(RouterProperties properties, CooldownTracker cooldowns, DeploymentStats stats,
			boolean localQuota) {
		this.localQuota = localQuota;
		this.properties = properties;
		this.cooldowns = cooldowns;
		this.stats = stats;
		this.context = new RoutingStrategy.Context(stats, properties.latencyBuffer(), properties.latencyProbeRate());
		RoutingStrategy.of(properties.strategy());
		properties.groups().forEach((group, g) -> {
			if (g.strategy() != null) {
				RoutingStrategy.of(g.strategy());
			}
		});
	}

	/** The chosen deployment, or null when every deployment is excluded, cooling or saturated. */
	public Deployment pick(ModelGroup group, Set<String> excluded) {
		return choose(group, available(group, excluded));
	}

	/** Lets the group's strategy choose among candidates; null when there are none. */
	public Deployment choose(ModelGroup group, List<Deployment> candidates) {
		if (candidates.isEmpty()) {
			return null;
		}
		return RoutingStrategy.of(properties.strategyFor(group.name())).pick(candidates, context);
	}

	/** Usable deployments of the group, restricted to the best (lowest) {@code order} present. */
	public List<Deployment> available(ModelGroup group, Set<String> excluded) {
		List<Deployment> usable = new ArrayList<>(group.deployments().size());
		int bestOrder = Integer.MAX_VALUE;
		for (Deployment d : group.deployments()) {
			if (excluded.contains(d.id()) || cooldowns.isCooling(d.id()) || saturated(d)) {
				continue;
			}
			usable.add(d);
			bestOrder = Math.min(bestOrder, order(d));
		}
		if (usable.size() > 1) {
			int best = bestOrder;
			usable.removeIf(d -> order(d) != best);
		}
		return usable;
	}

	/** Whether every deployment of the group is cooling down (as opposed to merely busy or tried). */
	public boolean allCooling(ModelGroup group) {
		for (Deployment d : group.deployments()) {
			if (!cooldowns.isCooling(d.id())) {
				return false;
			}
		}
		return true;
	}

	/** Milliseconds until the first deployment of the group leaves its cooldown. */
	public long soonestRecoveryMillis(ModelGroup group) {
		long soonest = Long.MAX_VALUE;
		for (Deployment d : group.deployments()) {
			soonest = Math.min(soonest, cooldowns.remainingMillis(d.id()));
		}
		return soonest == Long.MAX_VALUE ? 0 : soonest;
	}

	private boolean saturated(Deployment d) {
		Integer maxParallel = d.config().maxParallel();
		if (maxParallel != null && stats.inFlight(d.id()) >= maxParallel) {
			return true;
		}
		if (!localQuota) {
			return false;
		}
		Long rpm = d.config().rpm();
		if (rpm != null && stats.requestsThisMinute(d.id()) >= rpm) {
			return true;
		}
		Long tpm = d.config().tpm();
		return tpm != null && stats.tokensThisMinute(d.id()) >= tpm;
	}

	private static int order(Deployment d) {
		return d.config().order() == null ? Integer.MAX_VALUE : d.config().order();
	}
}
