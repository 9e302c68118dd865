package io.llmgateway.gateway.core;

import java.util.List;

/** The deployments that serve one alias. */
public record ModelGroup(String name, List<Deployment> deployments) {

	public ModelGroup {
		deployments = List.copyOf(deployments);
	}
}
