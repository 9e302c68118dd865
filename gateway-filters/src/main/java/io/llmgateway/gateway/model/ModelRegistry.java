package io.llmgateway.gateway.model;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.llmgateway.gateway.core.Deployment;
import io.llmgateway.gateway.core.LlmProperties;
import io.llmgateway.gateway.core.ModelGroup;
import io.llmgateway.gateway.core.ProviderAdapter;
import io.llmgateway.gateway.provider.ProviderRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The configured aliases and their deployments, built once from {@code llm.models} and validated: every problem is
 * reported with the property that causes it ({@code llm.models[1].api-base}), and never with a secret's value.
 */
public final class ModelRegistry {

	private static final Log log = LogFactory.getLog(ModelRegistry.class);

	private final Map<String, ModelGroup> groups;

	private final Map<String, Deployment> deploymentsById;

	private final List<String> names;

	public ModelRegistry(LlmProperties properties, ProviderRegistry providers) {
		this(properties, providers, null);
	}

	/**
	 * @param usedBy a description of what needs models (e.g. the id of a route using {@code LlmModel}), or null:
	 * an empty model list is an error only when something uses it
	 */
	public ModelRegistry(LlmProperties properties, ProviderRegistry providers, String usedBy) {
		this(properties, providers, usedBy, false);
	}

	/**
	 * @param skipWithoutKey skip (with a warning) models whose provider needs an api-key that resolved blank, instead
	 * of stopping the start ({@code llm.skip-models-without-api-key}: a sample listing many providers runs with the one
	 * key its user has)
	 */
	public ModelRegistry(LlmProperties properties, ProviderRegistry providers, String usedBy, boolean skipWithoutKey) {
		List<LlmProperties.Model> models = properties.models();
		if (models.isEmpty() && usedBy != null) {
			throw new IllegalStateException("llm.models is empty but " + usedBy + " needs models: configure at least"
					+ " one model (name, provider, model, api-base, api-key)");
		}
		Map<String, List<Deployment>> byName = new LinkedHashMap<>();
		Map<String, Deployment> byId = new LinkedHashMap<>();
		for (int i = 0; i < models.size(); i++) {
			LlmProperties.Model m = models.get(i);
			String key = LlmProperties.PREFIX + ".models[" + i + "]";
			require(m.name(), key + ".name");
			require(m.provider(), key + ".provider");
			require(m.model(), key + ".model");
			ProviderAdapter adapter = providers.get(m.provider());
			if (adapter == null) {
				throw new IllegalStateException(key + ".provider: unknown provider '" + m.provider() + "' (known: "
						+ String.join(", ", providers.ids()) + ")");
			}
			if (adapter.requiresApiKey() && (m.apiKey() == null || m.apiKey().isBlank()) && skipWithoutKey) {
				log.warn(key + " (model '" + m.name() + "', provider '" + m.provider() + "') is skipped: its api-key "
						+ "is blank (set the environment variable its api-key names)");
				continue;
			}
			if (adapter.requiresApiKey() && (m.apiKey() == null || m.apiKey().isBlank())) {
				throw new IllegalStateException(key + ".api-key is required for provider '" + m.provider()
						+ "' (usually api-key: ${YOUR_PROVIDER_KEY_ENV_VAR})");
			}
			URI apiBase = parseApiBase(m.apiBase(), key + ".api-base");
			if (apiBase == null && adapter.requiresApiBase()) {
				throw new IllegalStateException(key + ".api-base is required for provider '" + m.provider() + "'");
			}
			if (m.weight() != null && m.weight() < 0) {
				throw new IllegalStateException(key + ".weight must not be negative");
			}
			adapter.validate(m, key);
			List<Deployment> group = byName.computeIfAbsent(m.name(), n -> new ArrayList<>());
			String id = m.id() != null && !m.id().isBlank() ? m.id() : m.name() + "#" + group.size();
			Deployment deployment = new Deployment(id, m.name(), m.provider(), m.model(), apiBase, m);
			if (byId.putIfAbsent(id, deployment) != null) {
				throw new IllegalStateException(key + ".id: the deployment id '" + id + "' is used twice");
			}
			group.add(deployment);
		}
		Map<String, ModelGroup> groups = new LinkedHashMap<>();
		byName.forEach((name, deployments) -> groups.put(name, new ModelGroup(name, deployments)));
		this.groups = Map.copyOf(groups);
		this.deploymentsById = Map.copyOf(byId);
		this.names = List.copyOf(groups.keySet());
	}

	private static void require(String value, String key) {
		if (value == null || value.isBlank()) {
			throw new IllegalStateException(key + " is required");
		}
	}

	private static URI parseApiBase(String value, String key) {
		if (value == null || value.isBlank()) {
			return null;
		}
		URI uri;
		try {
			uri = new URI(value.trim());
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(key + " is not a valid URL: " + ex.getReason());
		}
		String scheme = uri.getScheme();
		if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
				|| uri.getHost() == null) {
			throw new IllegalStateException(key + " must be an absolute http(s) URL such as https://api.openai.com/v1");
		}
		if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
			throw new IllegalStateException(key + " must not have a query or a fragment");
		}
		return uri;
	}

	/** The group of an alias, or null when the alias is not configured. */
	public ModelGroup group(String alias) {
		return alias == null ? null : groups.get(alias);
	}

	public Deployment deployment(String id) {
		return deploymentsById.get(id);
	}

	/** The aliases in configuration order. */
	public List<String> names() {
		return names;
	}

	public Collection<ModelGroup> groups() {
		List<ModelGroup> ordered = new ArrayList<>(names.size());
		names.forEach(n -> ordered.add(groups.get(n)));
		return ordered;
	}

	public Set<String> deploymentIds() {
		return new HashSet<>(deploymentsById.keySet());
	}
}
