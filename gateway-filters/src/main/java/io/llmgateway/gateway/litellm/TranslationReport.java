package io.llmgateway.gateway.litellm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a translation could not honour: keys without a counterpart (named, never silently dropped) and keys honoured
 * with a different meaning (each with its explanation). Rendered as the one start-up warning.
 */
public final class TranslationReport {

	private final List<String> unsupported = new ArrayList<>();

	private final Map<String, String> differences = new LinkedHashMap<>();

	void unsupported(String key) {
		if (!unsupported.contains(key)) {
			unsupported.add(key);
		}
	}

	void unsupported(String key, String why) {
		unsupported(key);
		differences.put(key, why);
	}

	void differs(String key, String explanation) {
		differences.putIfAbsent(key, explanation);
	}

	/** Config keys with no counterpart, e.g. {@code litellm_settings.set_verbose}, in file order. */
	public List<String> unsupportedKeys() {
		return List.copyOf(unsupported);
	}

	/** Keys honoured differently (or not at all, with a hint), with the explanation. */
	public Map<String, String> differences() {
		return Map.copyOf(differences);
	}

	public boolean isEmpty() {
		return unsupported.isEmpty() && differences.isEmpty();
	}

	/** The single start-up warning: every unsupported key, then every difference. */
	public String warning(String file) {
		StringBuilder out = new StringBuilder("LiteLLM config ").append(file).append(':');
		if (!unsupported.isEmpty()) {
			out.append(" these keys are NOT supported and are ignored: ").append(String.join(", ", unsupported))
				.append('.');
		}
		if (!differences.isEmpty()) {
			out.append(" Keys honoured differently:");
			differences.forEach((k, v) -> out.append("\n  - ").append(k).append(": ").append(v));
		}
		out.append("\nSee docs/migrating-from-litellm.md.");
		return out.toString();
	}
}
