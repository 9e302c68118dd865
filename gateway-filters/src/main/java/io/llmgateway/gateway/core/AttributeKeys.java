package io.llmgateway.gateway.core;

/**
 * Builds the keys of per-request attributes (on the {@code ServerWebExchange} or in {@link LlmExchange#attributes()})
 * so that every capability names its own the same way: the owning class's name, a dot, the attribute's name. Only the
 * owner reads its keys by name; what another capability needs goes through an {@link LlmExchange} accessor or a core
 * interface, never through another capability's key.
 */
public final class AttributeKeys {

	private AttributeKeys() {
	}

	/** {@code owner}'s attribute {@code name}, e.g. {@code io.llmgateway.gateway.spend.SpendFilter.meter}. */
	public static String of(Class<?> owner, String name) {
		return owner.getName() + "." + name;
	}
}
