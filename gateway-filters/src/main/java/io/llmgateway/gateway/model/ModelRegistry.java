package io.llmgateway.gateway.model;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import io.llmgateway.gateway.core.Deployment;
import io.llmgateway.gateway.core.LlmProperties;
import io.llmgateway.gateway.core.ModelGroup;
import io.llmgateway.gateway.core.ProviderRegistry;

/**
 * The configured aliases and their deployments, validated: every problem is reported with the property that causes
 * it ({@code llm.models[1].api-base}), and never with a secret's value. The models can be replaced at run time
 * ({@link #replace}): the new set is built and validated completely, then published atomically as one immutable
 * {@link ModelSnapshot}; a request that already resolved its group keeps it, so a change never fails a request in
 * flight, and a set that does not validate is refused and the previous one keeps serving.
 */
public final class ModelRegistry {

	private final ProviderRegistry providers;

	private final String usedBy;

	private final boolean skipWithoutKey;

	private final List<Consumer<ModelSnapshot>> listeners = new CopyOnWriteArrayList<>();

	private volatile ModelSnapshot snapshot;

	public ModelRegistry(LlmProperties properties, ProviderRegistry providers) {
		this(properties, providers, null);
	}

	/**
	 * @param usedBy a description of what needs models (e.g. the id of a route using {@code LlmModel}), or null:
	 * an empty model list is an error only when something uses it
	 */
	public ModelRegistry(LlmProperties properties, ProviderRegistry providers, String usedBy) {
		this(properties.models(), Map.of(), Set.of(), providers, usedBy);
	}

	public ModelRegistry(List<LlmProperties.Model> models, Map<String, String> aliases, Set<String> hiddenAliases,
			ProviderRegistry providers, String usedBy) {
		this(models, aliases, hiddenAliases, providers, usedBy, false);
	}

	/**
	 * @param skipWithoutKey skip (with a warning) models whose api-key resolved blank instead of refusing them
	 * ({@code llm.skip-models-without-api-key})
	 */
	public ModelRegistry(List<LlmProperties.Model> models, Map<String, String> aliases, Set<String> hiddenAliases,
			ProviderRegistry providers, String usedBy, boolean skipWithoutKey) {
		this.providers = providers;
		this.usedBy = usedBy;
		this.skipWithoutKey = skipWithoutKey;
		this.snapshot = new ModelSnapshot(models, null, aliases, hiddenAliases, providers, usedBy, skipWithoutKey);
	}

	/**
	 * Builds and validates a new set without publishing it.
	 * @param keys how messages name each model (same size as {@code models}), or null for {@code llm.models[i]}
	 * @throws IllegalStateException naming the offending entry
	 */
	public ModelSnapshot validate(List<LlmProperties.Model> models, List<String> keys, Map<String, String> aliases,
			Set<String> hiddenAliases) {
		return new ModelSnapshot(models, keys, aliases, hiddenAliases, providers, usedBy, skipWithoutKey);
	}

	/** Publishes a validated set: requests resolved from now on use it. */
	public void replace(ModelSnapshot next) {
		this.snapshot = next;
		listeners.forEach(l -> l.accept(next));
	}

	/** Called with every newly published set (e.g. to rebuild a cached {@code /v1/models} answer). */
	public void onChange(Consumer<ModelSnapshot> listener) {
		listeners.add(listener);
	}

	/** The current set; hold on to it to see one consistent view. */
	public ModelSnapshot snapshot() {
		return snapshot;
	}

	/** The group serving a requested model (exact name, alias, then wildcard), or null. */
	public ModelGroup group(String alias) {
		return snapshot.group(alias);
	}

	public Deployment deployment(String id) {
		return snapshot.deployment(id);
	}

	/** The aliases in configuration order. */
	public List<String> names() {
		return snapshot.names();
	}

	public Collection<ModelGroup> groups() {
		return snapshot.groups();
	}

	public Set<String> deploymentIds() {
		return Set.copyOf(snapshot.deploymentIds());
	}
}
