package io.llmgateway.gateway.model;

import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import io.llmgateway.gateway.core.Deployment;
import io.llmgateway.gateway.core.DeploymentSelector;
import io.llmgateway.gateway.core.LlmExchange;
import io.llmgateway.gateway.core.ModelGroup;
import reactor.core.publisher.Mono;

/**
 * The default {@link DeploymentSelector}: picks among the group's deployments at random, in proportion to
 * {@code weight} (default 1). When every remaining weight is zero, picks uniformly.
 */
public class WeightedRandomDeploymentSelector implements DeploymentSelector {

	@Override
	public Mono<Deployment> select(LlmExchange llm, ModelGroup group, Set<String> excluded) {
		return Mono.justOrEmpty(pick(group, excluded));
	}

	static Deployment pick(ModelGroup group, Set<String> excluded) {
		var deployments = group.deployments();
		if (deployments.size() == 1 && excluded.isEmpty()) {
			return deployments.get(0);
		}
		long total = 0;
		int candidates = 0;
		for (Deployment d : deployments) {
			if (!excluded.contains(d.id())) {
				total += d.weight();
				candidates++;
			}
		}
		if (candidates == 0) {
			return null;
		}
		ThreadLocalRandom random = ThreadLocalRandom.current();
		if (total <= 0) {
			int n = random.nextInt(candidates);
			for (Deployment d : deployments) {
				if (!excluded.contains(d.id()) && n-- == 0) {
					return d;
				}
			}
			return null;
		}
		long r = random.nextLong(total);
		for (Deployment d : deployments) {
			if (excluded.contains(d.id())) {
				continue;
			}
			r -= d.weight();
			if (r < 0) {
				return d;
			}
		}
		return null;
	}
}
