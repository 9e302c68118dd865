package io.llmgateway.gateway.litellm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * LiteLLM's {@code os.environ/NAME} indirection, resolved in every string of the config tree (LiteLLM accepts it in
 * every section). Names come from the file's {@code environment_variables} first, then from the lookup (the
 * process environment through Spring's {@code Environment}). Every missing name is reported at once, with where it
 * is used, and stops the start.
 */
final class EnvReferences {

	static final String PREFIX = "os.environ/";

	private final Map<String, ?> fileVariables;

	private final Function<String, String> lookup;

	private final Set<String> missing = new LinkedHashSet<>();

	EnvReferences(Map<String, ?> fileVariables, Function<String, String> lookup) {
		this.fileVariables = fileVariables == null ? Map.of() : fileVariables;
		this.lookup = lookup;
	}

	/** A copy of the tree with every reference replaced. */
	Object resolve(Object node, String path) {
		if (node instanceof Map<?, ?> map) {
			Map<String, Object> out = new LinkedHashMap<>();
			map.forEach((k, v) -> out.put(String.valueOf(k), resolve(v, path.isEmpty() ? String.valueOf(k)
					: path + "." + k)));
			return out;
		}
		if (node instanceof List<?> list) {
			List<Object> out = new ArrayList<>(list.size());
			for (int i = 0; i < list.size(); i++) {
				out.add(resolve(list.get(i), path + "[" + i + "]"));
			}
			return out;
		}
		if (node instanceof String s && s.startsWith(PREFIX)) {
			String name = s.substring(PREFIX.length()).trim();
			Object fromFile = fileVariables.get(name);
			String value = fromFile != null ? String.valueOf(fromFile) : lookup.apply(name);
			if (value == null) {
				missing.add(name + " (used by " + path + ")");
				return null;
			}
			return value;
		}
		return node;
	}

	/** Throws naming every missing variable, if any. */
	void check(String file) {
		if (!missing.isEmpty()) {
			throw new IllegalStateException("LiteLLM config " + file + " refers to environment variables that are not set: "
					+ String.join(", ", missing));
		}
	}
}
