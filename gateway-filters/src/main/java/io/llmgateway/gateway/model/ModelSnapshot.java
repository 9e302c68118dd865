package io.llmgateway.gateway.model;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.llmgateway.gateway.core.Deployment;
import io.llmgateway.gateway.core.LlmProperties;
import io.llmgateway.gateway.core.ModelGroup;
import io.llmgateway.gateway.core.ProviderAdapter;
import io.llmgateway.gateway.core.ProviderRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * One immutable, validated set of model groups: exact names, aliases ({@code model_group_alias}) and wildcard
 * groups ({@code openai/*}, {@code *}). Built completely before it is published, so a request sees either the old
 * or the new set, never half of each; an invalid set throws and is never published.
 */
public final class ModelSnapshot {

	private static final Log log = LogFactory.getLog(ModelSnapshot.class);

	/** Derived wildcard groups kept per snapshot; beyond this the cache starts over (client ids are unbounded). */
	private static final int MAX_DERIVED = 4096;

	private final Map<String, ModelGroup> groups;

	private final Map<String, Deployment> deploymentsById;

	private final List<String> names;

	private final Map<String, String> aliases;

	private final Set<String> hiddenAliases;

	private final List<ModelGroup> wildcards;

	/** Each deployment id as a group of one: LiteLLM lets a client pin a deployment by sending its id as model. */
	private final Map<String, ModelGroup> pinned;

	private final Map<String, ModelGroup> derived = new ConcurrentHashMap<>();

	/**
	 * @param models the deployments
	 * @param keys for each model, how error messages name it (e.g. {@code llm.models[2]}); null: {@code llm.models[i]}
	 * @param aliases alias → group name
	 * @param hiddenAliases aliases left out of {@code /v1/models}
	 * @param usedBy what needs models (an empty list is then an error), or null
	 * @param skipWithoutKey skip (with a warning) models whose provider needs an api-key that resolved blank, instead
	 * of refusing the set ({@code llm.skip-models-without-api-key}: a sample listing many providers runs with the one
	 * key its user has)
	 */
	ModelSnapshot(List<LlmProperties.Model> models, List<String> keys, Map<String, String> aliases,
			Set<String> hiddenAliases, ProviderRegistry providers, String usedBy, boolean skipWithoutKey) {
		if (models.isEmpty() && usedBy != null) {
			throw new IllegalStateException("llm.models is empty but " + usedBy + " needs models: configure at least"
					+ " one model (name, provider, model, api-base, api-key)");
		}
		Map<String, List<Deployment>> byName = new LinkedHashMap<>();
		Map<String, Deployment> byId = new LinkedHashMap<>();
		for (int i = 0; i < models.size(); i++) {
			LlmProperties.Model m = models.get(i);
			String key = keys != null ? keys.get(i) : LlmProperties.PREFIX + ".models[" + i + "]";
			require(m.name(), key + ".name");
			require(m.provider(), key + ".provider");
			String model = m.model();
			if ((model == null || model.isBlank()) && WildcardNames.isPattern(m.name())) {
				model = "*";
			}
			require(model, key + ".model");
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
			Deployment deployment = new Deployment(id, m.name(), m.provider(), model, apiBase, m);
			if (byId.putIfAbsent(id, deployment) != null) {
				throw new IllegalStateException(key + ".id: the deployment id '" + id + "' is used twice");
			}
			group.add(deployment);
		}
		Map<String, ModelGroup> groups = new LinkedHashMap<>();
		byName.forEach((name, deployments) -> groups.put(name, new ModelGroup(name, deployments)));
		aliases = aliases == null ? Map.of() : aliases;
		aliases.forEach((alias, target) -> {
			if (!groups.containsKey(target)) {
				throw new IllegalStateException("llm.model.aliases." + alias + ": '" + target
						+ "' is not a configured model name (known: " + groups.keySet() + ")");
			}
		});
		this.groups = Map.copyOf(groups);
		this.deploymentsById = Map.copyOf(byId);
		this.names = List.copyOf(groups.keySet());
		this.aliases = Map.copyOf(aliases);
		this.hiddenAliases = hiddenAliases == null ? Set.of() : Set.copyOf(hiddenAliases);
		Map<String, ModelGroup> pinned = new LinkedHashMap<>();
		byId.forEach((id, d) -> {
			if (!groups.containsKey(id) && !WildcardNames.isPattern(d.model())) {
				pinned.put(id, new ModelGroup(d.group(), List.of(d)));
			}
		});
		this.pinned = Map.copyOf(pinned);
		this.wildcards = groups.values()
			.stream()
			.filter(g -> WildcardNames.isPattern(g.name()))
			.sorted(Comparator.comparingInt((ModelGroup g) -> WildcardNames.specificity(g.name())).reversed())
			.toList();
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

	/**
	 * The group serving a requested model: the exact name first, then an alias, then a deployment id (that deployment
	 * only, under its group's name), then the most specific wildcard
	 * group (its deployments with {@code *} in their model replaced by what the pattern matched). Null: none.
	 */
	public ModelGroup group(String requested) {
		if (requested == null) {
			return null;
		}
		ModelGroup exact = groups.get(requested);
		if (exact != null) {
			return exact;
		}
		String target = aliases.get(requested);
		if (target != null) {
			return groups.get(target);
		}
		ModelGroup one = pinned.get(requested);
		if (one != null) {
			return one;
		}
		if (wildcards.isEmpty()) {
			return null;
		}
		ModelGroup cached = derived.get(requested);
		if (cached != null) {
			return cached;
		}
		for (ModelGroup pattern : wildcards) {
			String[] captured = WildcardNames.match(pattern.name(), requested);
			if (captured != null) {
				List<Deployment> concrete = new ArrayList<>(pattern.deployments().size());
				for (Deployment d : pattern.deployments()) {
					concrete.add(new Deployment(d.id(), requested, d.provider(),
							WildcardNames.substitute(d.model(), captured), d.apiBase(), d.config()));
				}
				ModelGroup group = new ModelGroup(requested, concrete);
				if (derived.size() >= MAX_DERIVED) {
					derived.clear();
				}
				derived.put(requested, group);
				return group;
			}
		}
		return null;
	}

	public Deployment deployment(String id) {
		return deploymentsById.get(id);
	}

	/** The configured group names (wildcard patterns included) in configuration order. */
	public List<String> names() {
		return names;
	}

	/** The configured groups in configuration order (aliases and derived wildcard groups excluded). */
	public List<ModelGroup> groups() {
		List<ModelGroup> ordered = new ArrayList<>(names.size());
		names.forEach(n -> ordered.add(groups.get(n)));
		return ordered;
	}

	/** Aliases shown by {@code /v1/models}, with the group each serves. */
	public Map<String, String> visibleAliases() {
		Map<String, String> out = new LinkedHashMap<>();
		aliases.forEach((alias, target) -> {
			if (!hiddenAliases.contains(alias)) {
				out.put(alias, target);
			}
		});
		return out;
	}

	public Set<String> deploymentIds() {
		return deploymentsById.keySet();
	}
}
