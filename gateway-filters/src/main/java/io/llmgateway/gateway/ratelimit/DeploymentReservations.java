package io.llmgateway.gateway.ratelimit;

import java.util.ArrayList;
import java.util.List;

import io.llmgateway.gateway.core.AttributeKeys;
import io.llmgateway.gateway.core.Deployment;
import io.llmgateway.gateway.core.LlmExchange;

/**
 * The per-deployment quota reservations one exchange holds, in the order the router made them (one per attempt).
 * At completion each attempt settles the reservation made for it; a reservation no attempt used (the client left
 * before the call, the call could not be prepared) is refunded.
 */
final class DeploymentReservations {

	static final String ATTRIBUTE = AttributeKeys.of(DeploymentReservations.class, "reservations");

	/** One request and {@code tokens} taken from the deployment's quota. */
	record Held(Deployment deployment, long tokens) {
	}

	private final List<Held> held = new ArrayList<>(2);

	static DeploymentReservations of(LlmExchange llm) {
		return (DeploymentReservations) llm.attributes()
			.computeIfAbsent(ATTRIBUTE, k -> new DeploymentReservations());
	}

	/** The exchange's reservations, or null when it made none. */
	static DeploymentReservations find(LlmExchange llm) {
		return llm.attributes().get(ATTRIBUTE) instanceof DeploymentReservations r ? r : null;
	}

	synchronized void add(Deployment deployment, long tokens) {
		held.add(new Held(deployment, tokens));
	}

	/** Removes and returns the oldest reservation on this deployment, or null. */
	synchronized Held take(String deploymentId) {
		for (int i = 0; i < held.size(); i++) {
			if (held.get(i).deployment().id().equals(deploymentId)) {
				return held.remove(i);
			}
		}
		return null;
	}

	/** Removes and returns what is left. */
	synchronized List<Held> drain() {
		List<Held> out = List.copyOf(held);
		held.clear();
		return out;
	}
}
