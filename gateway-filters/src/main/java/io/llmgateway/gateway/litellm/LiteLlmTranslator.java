package io.llmgateway.gateway.litellm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads a LiteLLM proxy {@code config.yaml} and translates it into the gateway's properties: {@code model_list} →
 * {@code llm.models}, the three settings sections → {@code llm.router}, {@code llm.cache}, {@code llm.observe},
 * {@code llm.keys}, {@code llm.spend}, {@code llm.rate-limit}, {@code spring.datasource}, {@code spring.data.redis}.
 * {@code os.environ/NAME} is resolved everywhere; a missing variable stops the translation naming it.
 */
public final class LiteLlmTranslator {

	private static final Set<String> SECTIONS = Set.of("model_list", "litellm_settings", "router_settings",
			"general_settings", "environment_variables");

	private LiteLlmTranslator() {
	}

	/** True when the file is a LiteLLM proxy config: a YAML mapping with {@code model_list} at the top. */
	public static boolean isLiteLlmConfig(Path file) {
		if (!Files.isRegularFile(file)) {
			return false;
		}
		try {
			return read(file).containsKey("model_list");
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	static Map<String, Object> read(Path file) {
		try (InputStream in = Files.newInputStream(file)) {
			LoaderOptions options = new LoaderOptions();
			Object root = new Yaml(new SafeConstructor(options), new Representer(new DumperOptions()),
					new DumperOptions(), options, new NoDatesResolver()).load(in);
			return root == null ? Map.of() : Values.map(root, file.toString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the LiteLLM config " + file, ex);
		}
	}

	/** Unquoted dates stay text ({@code api_version: 2024-10-21}), as LiteLLM ends up passing them on. */
	private static final class NoDatesResolver extends Resolver {

		@Override
		protected void addImplicitResolvers() {
			addImplicitResolver(Tag.BOOL, BOOL, "yYnNtTfFoO");
			addImplicitResolver(Tag.INT, INT, "-+0123456789");
			addImplicitResolver(Tag.FLOAT, FLOAT, "-+0123456789.");
			addImplicitResolver(Tag.MERGE, MERGE, "<");
			addImplicitResolver(Tag.NULL, NULL, "~nN\0");
			addImplicitResolver(Tag.NULL, EMPTY, null);
		}
	}

	/**
	 * @param env looks up an environment variable (the process environment through Spring's {@code Environment})
	 */
	public static LiteLlmTranslation translate(Path file, Function<String, String> env) {
		return translate(read(file), file.toString(), env);
	}

	@SuppressWarnings("unchecked")
	static LiteLlmTranslation translate(Map<String, Object> raw, String file, Function<String, String> lookup) {
		TranslationReport report = new TranslationReport();
		Map<String, Object> fileEnv = Values.map(raw.get("environment_variables"), "environment_variables");
		Function<String, String> env = name -> fileEnv.get(name) != null ? String.valueOf(fileEnv.get(name))
				: lookup.apply(name);
		EnvReferences references = new EnvReferences(fileEnv, lookup);
		Map<String, Object> root = new LinkedHashMap<>();
		raw.forEach((k, v) -> root.put(k, k.equals("environment_variables") ? v : references.resolve(v, k)));
		references.check(file);
		for (String key : root.keySet()) {
			if (!SECTIONS.contains(key)) {
				report.unsupported(key);
			}
		}
		Map<String, Object> props = new LinkedHashMap<>();
		SettingsTranslator settings = new SettingsTranslator(props, report, env);
		settings.litellm(Values.map(root.get("litellm_settings"), "litellm_settings"));
		settings.router(Values.map(root.get("router_settings"), "router_settings"));
		Map<String, Object> general = Values.map(root.get("general_settings"), "general_settings");
		if (!general.containsKey("database_url") && env.apply("DATABASE_URL") != null) {
			general = new LinkedHashMap<>(general);
			general.put("database_url", env.apply("DATABASE_URL"));
		}
		settings.general(general);
		settings.finish();
		masterKey(props, env, report);
		// LiteLLM's clients call /key/generate, /model/new... at the root, not under the gateway's /llm prefix
		props.put("llm.admin.litellm-paths", true);
		Map<String, LiteLlmTranslation.RequestDefaults> defaults = new LinkedHashMap<>();
		Map<String, List<String>> accessGroups = new LinkedHashMap<>();
		List<Object> list = Values.list(root.get("model_list"), "model_list");
		int index = 0;
		for (int i = 0; i < list.size(); i++) {
			String path = "model_list[" + i + "]";
			ModelEntryTranslator.Entry entry = ModelEntryTranslator.translate(Values.map(list.get(i), path), path,
					report);
			if (entry == null) {
				continue;
			}
			Map<String, Object> model = new LinkedHashMap<>(entry.properties());
			settings.deploymentDefaults.forEach(model::putIfAbsent);
			flatten("llm.models[" + index++ + "]", model, props);
			defaults(entry, path, defaults, report);
			for (String group : entry.accessGroups()) {
				List<String> members = accessGroups.computeIfAbsent(group, g -> new java.util.ArrayList<>());
				if (!members.contains(entry.name())) {
					members.add(entry.name());
				}
			}
		}
		accessGroups.forEach((group, members) -> {
			for (int i = 0; i < members.size(); i++) {
				props.put("llm.keys.access-groups[" + group + "][" + i + "]", members.get(i));
			}
		});
		return new LiteLlmTranslation(props, defaults, report);
	}

	/** LiteLLM's rule: the master key from the file or LITELLM_MASTER_KEY; without one, no authentication. */
	private static void masterKey(Map<String, Object> props, Function<String, String> env, TranslationReport report) {
		if (!props.containsKey("llm.keys.master-key") && env.apply("LITELLM_MASTER_KEY") != null) {
			props.put("llm.keys.master-key", env.apply("LITELLM_MASTER_KEY"));
		}
		if (props.containsKey("llm.keys.master-key")) {
			props.put("llm.keys.enabled", true);
		}
		else {
			props.put("llm.keys.enabled", false);
			report.differs("general_settings.master_key", "not set: as in LiteLLM, requests are not authenticated"
					+ " (set it, or LITELLM_MASTER_KEY, to require keys)");
		}
	}

	/** Runs one run-time entry ({@code /model/new} body) through the same translation as the file's entries. */
	static ModelEntryTranslator.Entry translateEntry(Map<String, Object> entry, Function<String, String> lookup,
			TranslationReport report) {
		EnvReferences references = new EnvReferences(Map.of(), lookup);
		@SuppressWarnings("unchecked")
		Map<String, Object> resolved = (Map<String, Object>) references.resolve(entry, "");
		references.check("entry");
		return ModelEntryTranslator.translate(resolved, "model", report);
	}

	/** One translated entry bound exactly as an {@code llm.models[]} entry is. */
	static io.llmgateway.gateway.core.LlmProperties.Model toModel(ModelEntryTranslator.Entry entry) {
		Map<String, Object> flat = new LinkedHashMap<>();
		flatten("m", entry.properties(), flat);
		return new org.springframework.boot.context.properties.bind.Binder(
				new org.springframework.boot.context.properties.source.MapConfigurationPropertySource(flat))
			.bind("m", io.llmgateway.gateway.core.LlmProperties.Model.class)
			.get();
	}

	private static void defaults(ModelEntryTranslator.Entry entry, String path,
			Map<String, LiteLlmTranslation.RequestDefaults> defaults, TranslationReport report) {
		if (entry.temperature() == null && entry.maxTokens() == null) {
			return;
		}
		LiteLlmTranslation.RequestDefaults mine = new LiteLlmTranslation.RequestDefaults(entry.temperature(),
				entry.maxTokens());
		LiteLlmTranslation.RequestDefaults first = defaults.putIfAbsent(entry.name(), mine);
		if (first != null && !first.equals(mine)) {
			report.differs(path + ".litellm_params.temperature/max_tokens", "default temperature and max_tokens"
					+ " apply per model name: the first deployment's values are used for all of '" + entry.name() + "'");
		}
	}

	@SuppressWarnings("unchecked")
	private static void flatten(String prefix, Map<String, Object> values, Map<String, Object> into) {
		values.forEach((k, v) -> {
			if (v instanceof Map<?, ?> m) {
				boolean literalKeys = k.equals("headers");
				((Map<String, Object>) m).forEach((mk, mv) -> into.put(
						prefix + "." + k + (literalKeys ? "[" + mk + "]" : "." + mk), mv));
			}
			else if (v != null) {
				into.put(prefix + "." + k, v);
			}
		});
	}
}
