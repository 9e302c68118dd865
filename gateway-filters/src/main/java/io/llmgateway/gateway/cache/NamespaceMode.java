package io.llmgateway.gateway.cache;

/** Whose cache entries a request may see. */
public enum NamespaceMode {
	/** The caller's virtual key, else its team, else the anonymous namespace. The default: no cross-tenant hits. */
	TENANT,
	/** The caller's team, else its key, else the anonymous namespace: team members share answers. */
	TEAM,
	/** Every caller of the route shares one namespace. */
	SHARED
}
