package io.llmgateway.gateway.core;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;


/**
 * The provider adapters by {@link ProviderAdapter#id()}, built from every {@link ProviderAdapter} bean: adding a
 * provider is adding a bean. Two beans with one id are a configuration error.
 */
public final class ProviderRegistry {

	private final Map<String, ProviderAdapter> adapters = new TreeMap<>();

	public ProviderRegistry(Collection<? extends ProviderAdapter> adapters) {
		for (ProviderAdapter adapter : adapters) {
			ProviderAdapter previous = this.adapters.putIfAbsent(adapter.id(), adapter);
			if (previous != null) {
				throw new IllegalStateException("Two provider adapters claim the id '" + adapter.id() + "': "
						+ previous.getClass().getName() + " and " + adapter.getClass().getName());
			}
		}
	}

	/** The adapter for this provider id, or null. */
	public ProviderAdapter get(String id) {
		return id == null ? null : adapters.get(id);
	}

	public Set<String> ids() {
		return adapters.keySet();
	}
}
