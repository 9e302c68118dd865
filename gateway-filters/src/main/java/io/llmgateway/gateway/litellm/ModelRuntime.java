package io.llmgateway.gateway.litellm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.llmgateway.gateway.core.LlmProperties;
import io.llmgateway.gateway.model.ModelRegistry;
import io.llmgateway.gateway.model.ModelSnapshot;
import tools.jackson.databind.json.JsonMapper;

/**
 * The models the gateway serves = the configuration's ({@code llm.models}, or the LiteLLM file's {@code model_list},
 * replaced when the file is reloaded) + the deployments stored at run time. Each change builds and validates the
 * whole set first, then publishes it atomically through {@link ModelRegistry#replace}; a set that does not validate
 * throws with the reason and the previous one keeps serving.
 */
public final class ModelRuntime {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final ModelRegistry registry;

	private final Function<String, String> env;

	private final StoredSecrets secrets;

	private List<LlmProperties.Model> configModels;

	private Map<String, String> aliases;

	private List<String> hiddenAliases;

	private Map<String, LiteLlmTranslation.RequestDefaults> configDefaults;

	private List<ModelStore.StoredModel> stored = List.of();

	private volatile Map<String, LiteLlmTranslation.RequestDefaults> defaults;

	ModelRuntime(ModelRegistry registry, List<LlmProperties.Model> configModels, Map<String, String> aliases,
			List<String> hiddenAliases, Map<String, LiteLlmTranslation.RequestDefaults> configDefaults,
			Function<String, String> env) {
		this.registry = registry;
		this.env = env;
		this.secrets = new StoredSecrets(env.apply("LITELLM_SALT_KEY"));
		this.configModels = List.copyOf(configModels);
		this.aliases = Map.copyOf(aliases);
		this.hiddenAliases = List.copyOf(hiddenAliases);
		this.configDefaults = Map.copyOf(configDefaults);
		this.defaults = this.configDefaults;
	}

	/** How stored secrets are sealed with {@code LITELLM_SALT_KEY}. */
	StoredSecrets secrets() {
		return secrets;
	}

	/** The request defaults ({@code temperature}, {@code max_tokens}) per model name. */
	Map<String, LiteLlmTranslation.RequestDefaults> defaults() {
		return defaults;
	}

	/** The configuration's models changed (file reload). */
	synchronized void setConfig(LiteLlmTranslation translation) {
		Built built = build(translation.models(), translation.aliases(), translation.hiddenAliases(),
				translation.defaults(), stored);
		this.configModels = translation.models();
		this.aliases = translation.aliases();
		this.hiddenAliases = translation.hiddenAliases();
		this.configDefaults = translation.defaults();
		publish(built, stored);
	}

	/** The stored deployments changed (this instance's admin call, or another instance's, seen by the poller). */
	synchronized void setStored(List<ModelStore.StoredModel> rows) {
		if (rows.equals(stored)) {
			return;
		}
		publish(build(configModels, aliases, hiddenAliases, configDefaults, rows), rows);
	}

	/** Validates the set the stored rows would give, without publishing it; throws with the reason. */
	synchronized void check(List<ModelStore.StoredModel> rows) {
		build(configModels, aliases, hiddenAliases, configDefaults, rows);
	}

	synchronized List<ModelStore.StoredModel> stored() {
		return stored;
	}

	/** True when a deployment id comes from the configuration (not editable through the API). */
	boolean isConfigured(String id) {
		ModelSnapshot s = registry.snapshot();
		return s.deployment(id) != null && stored.stream().noneMatch(r -> r.id().equals(id));
	}

	private void publish(Built built, List<ModelStore.StoredModel> rows) {
		this.stored = List.copyOf(rows);
		this.defaults = built.defaults;
		registry.replace(built.snapshot);
	}

	private record Built(ModelSnapshot snapshot, Map<String, LiteLlmTranslation.RequestDefaults> defaults) {
	}

	private Built build(List<LlmProperties.Model> config, Map<String, String> aliases, List<String> hidden,
			Map<String, LiteLlmTranslation.RequestDefaults> configDefaults, List<ModelStore.StoredModel> rows) {
		List<LlmProperties.Model> all = new ArrayList<>(config);
		List<String> keys = new ArrayList<>();
		for (int i = 0; i < config.size(); i++) {
			keys.add(LlmProperties.PREFIX + ".models[" + i + "]");
		}
		Map<String, LiteLlmTranslation.RequestDefaults> defaults = new LinkedHashMap<>(configDefaults);
		for (ModelStore.StoredModel row : rows) {
			ModelEntryTranslator.Entry entry = translate(row, new TranslationReport());
			all.add(LiteLlmTranslator.toModel(entry));
			keys.add("model '" + row.id() + "' (" + ModelAdminPaths.NEW + ")");
			if (entry.temperature() != null || entry.maxTokens() != null) {
				defaults.putIfAbsent(entry.name(),
						new LiteLlmTranslation.RequestDefaults(entry.temperature(), entry.maxTokens()));
			}
		}
		ModelSnapshot snapshot = registry.validate(all, keys, aliases, new LinkedHashSet<>(hidden));
		return new Built(snapshot, Map.copyOf(defaults));
	}

	/** A stored row through the same translation as a config file entry; its id is the row's. */
	ModelEntryTranslator.Entry translate(ModelStore.StoredModel row, TranslationReport report) {
		Map<String, Object> entry = new LinkedHashMap<>();
		entry.put("model_name", row.name());
		entry.put("litellm_params", secrets.open(Values.map(JSON.readValue(row.params(), Map.class), "litellm_params"),
				row.id()));
		Map<String, Object> info = row.info() == null ? new LinkedHashMap<>()
				: new LinkedHashMap<>(Values.map(JSON.readValue(row.info(), Map.class), "model_info"));
		info.put("id", row.id());
		entry.put("model_info", info);
		ModelEntryTranslator.Entry translated = LiteLlmTranslator.translateEntry(entry, env, report);
		if (translated == null) {
			throw new IllegalStateException("model '" + row.id() + "': " + report.differences()
				.getOrDefault("model.litellm_params.model", "provider not supported"));
		}
		return translated;
	}
}
