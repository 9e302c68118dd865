package io.llmgateway.translate.responses;

import java.util.Set;

import io.llmgateway.translate.mapping.Json;
import tools.jackson.databind.JsonNode;

/**
 * The names of the request's custom (freeform) tools. A translated provider sees each as a function taking one
 * string argument {@code input}; calls to them go back to the client as {@code custom_tool_call} items whose
 * {@code input} is that string.
 */
record CustomTools(Set<String> names) {

	static final CustomTools NONE = new CustomTools(Set.of());

	/** The single argument of the function that stands for a custom tool. */
	static final String INPUT = "input";

	boolean isCustom(String name) {
		return name != null && names.contains(name);
	}

	/** A custom call's free text as the arguments JSON of the function that stands for it. */
	static String argumentsOf(String input) {
		StringBuilder sb = new StringBuilder(input.length() + 16).append("{\"").append(INPUT).append("\":");
		return Json.quote(sb, input).append('}').toString();
	}

	/** The free text back from the function's arguments; the raw text when the model did not send the object. */
	static String inputOf(String argumentsJson) {
		if (argumentsJson == null || argumentsJson.isEmpty()) {
			return "";
		}
		JsonNode args = Json.tryRead(argumentsJson);
		if (args != null && args.isObject() && args.get(INPUT) != null && args.get(INPUT).isString()) {
			return args.get(INPUT).stringValue();
		}
		return argumentsJson;
	}
}
