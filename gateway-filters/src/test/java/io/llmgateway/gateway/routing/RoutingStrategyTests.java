package io.llmgateway.gateway.routing;

import java.math.BigDecimal;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.llmgateway.gateway.core.Deployment;
import io.llmgateway.gateway.core.LlmProperties;
import io.llmgateway.gateway.core.ModelGroup;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RoutingStrategyTests {

	static Deployment deployment(String id, Integer weight, Integer order, Integer maxParallel, LlmProperties.Pricing pricing) {
		LlmProperties.Model m = new LlmProperties.Model("g", "openai", "m-" + id, "http://127.0.0.1:1/v1", "k", id,
				weight, null, null, maxParallel, null, null, null, order, null, null, null, null, null, null, null, null,
				null, pricing);
		return new Deployment(id, "g", "openai", "m-" + id, URI.create("http://127.0.0.1:1/v1"), m);
	}

	static RouterProperties props(String strategy) {
		return new RouterProperties(null, strategy, null, null, null, null, null, null, null, null, null, null, null,
				null, null, 0.2, 0.0, null, null);
	}

	@Test
	void weightedShuffleFollowsWeightsWithinStatisticalBounds() {
		ModelGroup group = new ModelGroup("g", List.of(deployment("a", 1, null, null, null), deployment("b", 3, null, null, null)));
		RoutingDeploymentSelector selector = new RoutingDeploymentSelector(props("simple-shuffle"),
				new LocalCooldownTracker(3, java.time.Duration.ofMinutes(1), java.time.Duration.ofSeconds(5)),
				new DeploymentStats());
		Map<String, Integer> counts = new HashMap<>();
		int n = 40_000;
		for (int i = 0; i < n; i++) {
			counts.merge(selector.pick(group, Set.of()).id(), 1, Integer::sum);
		}
		// expected 0.75; 6 standard deviations of a binomial(40000, 0.75) is about 0.013
		assertThat(counts.get("b") / (double) n).isBetween(0.737, 0.763);
	}

	@Test
	void roundRobinCyclesThroughDeployments() {
		ModelGroup group = new ModelGroup("g", List.of(deployment("a", null, null, null, null),
				deployment("b", null, null, null, null), deployment("c", null, null, null, null)));
		RoutingDeploymentSelector selector = new RoutingDeploymentSelector(props("round-robin"),
				new LocalCooldownTracker(3, java.time.Duration.ofMinutes(1), java.time.Duration.ofSeconds(5)),
				new DeploymentStats());
		List<String> picks = java.util.stream.IntStream.range(0, 6).mapToObj(i -> selector.pick(group, Set.of()).id()).toList();
		assertThat(picks).containsExactly("a", "b", "c", "a", "b", "c");
	}

	@Test
	void leastBusyPrefersFewestInFlight() {
		DeploymentStats stats = new DeploymentStats();
		ModelGroup group = new ModelGroup("g", List.of(deployment("a", null, null, null, null),
				deployment("b", null, null, null, null)));
		RoutingDeploymentSelector selector = new RoutingDeploymentSelector(props("least-busy"),
				new LocalCooldownTracker(3, java.time.Duration.ofMinutes(1), java.time.Duration.ofSeconds(5)), stats);
		stats.started("a");
		stats.started("a");
		stats.started("b");
		assertThat(selector.pick(group, Set.of()).id()).isEqualTo("b");
		stats.started("b");
		stats.started("b");
		assertThat(selector.pick(group, Set.of()).id()).isEqualTo("a");
	}

	@Test
	void latencyBasedPrefersFastDeploymentButKeepsProbing() {
		DeploymentStats stats = new DeploymentStats();
		ModelGroup group = new ModelGroup("g", List.of(deployment("fast", null, null, null, null),
				deployment("slow", null, null, null, null)));
		RouterProperties probing = new RouterProperties(null, "latency-based", null, null, null, null, null, null, null,
				null, null, null, null, null, null, 0.2, 0.1, null, null);
		RoutingDeploymentSelector selector = new RoutingDeploymentSelector(probing,
				new LocalCooldownTracker(3, java.time.Duration.ofMinutes(1), java.time.Duration.ofSeconds(5)), stats);
		// unmeasured deployments are tried first
		stats.latency("fast", 50);
		assertThat(selector.pick(group, Set.of()).id()).isIn("slow", "fast");
		stats.latency("slow", 500);
		Map<String, Integer> counts = new HashMap<>();
		for (int i = 0; i < 10_000; i++) {
			counts.merge(selector.pick(group, Set.of()).id(), 1, Integer::sum);
		}
		// 10% probes split evenly: the slow one still gets about 5% of the traffic
		assertThat(counts.get("fast")).isGreaterThan(9_000);
		assertThat(counts.get("slow")).isBetween(250, 800);
	}

	@Test
	void latencyBufferSharesLoadBetweenNearBestDeployments() {
		DeploymentStats stats = new DeploymentStats();
		ModelGroup group = new ModelGroup("g", List.of(deployment("a", null, null, null, null),
				deployment("b", null, null, null, null)));
		RoutingDeploymentSelector selector = new RoutingDeploymentSelector(props("latency-based"),
				new LocalCooldownTracker(3, java.time.Duration.ofMinutes(1), java.time.Duration.ofSeconds(5)), stats);
		stats.latency("a", 100);
		stats.latency("b", 110);
		Map<String, Integer> counts = new HashMap<>();
		for (int i = 0; i < 2_000; i++) {
			counts.merge(selector.pick(group, Set.of()).id(), 1, Integer::sum);
		}
		assertThat(counts.get("a")).isGreaterThan(700);
		assertThat(counts.get("b")).isGreaterThan(700);
	}

	@Test
	void costBasedPicksCheapestPricedDeployment() {
		ModelGroup group = new ModelGroup("g", List.of(
				deployment("pricey", null, null, null, new LlmProperties.Pricing(new BigDecimal("5"), new BigDecimal("15"), null, null, null)),
				deployment("cheap", null, null, null, new LlmProperties.Pricing(new BigDecimal("0.15"), new BigDecimal("0.6"), null, null, null)),
				deployment("unknown", null, null, null, null)));
		RoutingDeploymentSelector selector = new RoutingDeploymentSelector(props("cost-based"),
				new LocalCooldownTracker(3, java.time.Duration.ofMinutes(1), java.time.Duration.ofSeconds(5)),
				new DeploymentStats());
		for (int i = 0; i < 20; i++) {
			assertThat(selector.pick(group, Set.of()).id()).isEqualTo("cheap");
		}
		assertThat(selector.pick(group, Set.of("cheap")).id()).isEqualTo("pricey");
	}

	@Test
	void usageBasedPrefersMostHeadroom() {
		DeploymentStats stats = new DeploymentStats();
		LlmProperties.Model ma = new LlmProperties.Model("g", "openai", "m", "http://h/v1", "k", "a", null, null, 1000L,
				null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
		LlmProperties.Model mb = new LlmProperties.Model("g", "openai", "m", "http://h/v1", "k", "b", null, null, 10_000L,
				null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
		ModelGroup group = new ModelGroup("g", List.of(new Deployment("a", "g", "openai", "m", URI.create("http://h/v1"), ma),
				new Deployment("b", "g", "openai", "m", URI.create("http://h/v1"), mb)));
		RoutingDeploymentSelector selector = new RoutingDeploymentSelector(props("usage-based"),
				new LocalCooldownTracker(3, java.time.Duration.ofMinutes(1), java.time.Duration.ofSeconds(5)), stats);
		stats.tokens("a", 500);
		stats.tokens("b", 1000);
		assertThat(selector.pick(group, Set.of()).id()).isEqualTo("b");
		stats.tokens("a", 600);
		// a is over its tpm: skipped entirely
		assertThat(selector.available(group, Set.of())).extracting(Deployment::id).containsExactly("b");
	}

	@Test
	void lowerOrderIsPreferredAndSaturatedDeploymentsAreSkipped() {
		DeploymentStats stats = new DeploymentStats();
		ModelGroup group = new ModelGroup("g", List.of(deployment("primary", null, 1, 1, null),
				deployment("backup", null, 2, null, null)));
		RoutingDeploymentSelector selector = new RoutingDeploymentSelector(props("simple-shuffle"),
				new LocalCooldownTracker(3, java.time.Duration.ofMinutes(1), java.time.Duration.ofSeconds(5)), stats);
		assertThat(selector.pick(group, Set.of()).id()).isEqualTo("primary");
		stats.started("primary");
		assertThat(selector.pick(group, Set.of()).id()).isEqualTo("backup");
	}
}
