package io.llmgateway.gateway.model;

import java.util.ArrayList;
import java.util.List;

/**
 * LiteLLM's wildcard model names: {@code *} matches any run of characters ({@code openai/*}, {@code *},
 * {@code fo::*:static::*}). What each {@code *} matched replaces the {@code *} at the same position in the
 * deployment's model ({@code openai/*} → {@code *}: the client's {@code openai/gpt-4o} calls {@code gpt-4o}).
 */
public final class WildcardNames {

	private WildcardNames() {
	}

	public static boolean isPattern(String name) {
		return name != null && name.indexOf('*') >= 0;
	}

	/** More literal characters = more specific; {@code *} alone is the least specific. */
	static int specificity(String pattern) {
		return pattern.length() - 2 * count(pattern);
	}

	private static int count(String s) {
		int n = 0;
		for (int i = 0; i < s.length(); i++) {
			if (s.charAt(i) == '*') {
				n++;
			}
		}
		return n;
	}

	/** What each {@code *} of the pattern matched (leftmost-shortest except the last), or null when it does not match. */
	static String[] match(String pattern, String value) {
		if (value == null) {
			return null;
		}
		String[] parts = pattern.split("\\*", -1);
		if (!value.startsWith(parts[0])) {
			return null;
		}
		List<String> captured = new ArrayList<>(parts.length - 1);
		int at = parts[0].length();
		for (int i = 1; i < parts.length; i++) {
			String literal = parts[i];
			int next;
			if (i == parts.length - 1) {
				if (!value.endsWith(literal) || value.length() - literal.length() < at) {
					return null;
				}
				next = value.length() - literal.length();
			}
			else {
				next = value.indexOf(literal, at);
				if (next < 0) {
					return null;
				}
			}
			captured.add(value.substring(at, next));
			at = next + literal.length();
		}
		if (parts.length == 1 && at != value.length()) {
			return null;
		}
		return captured.toArray(String[]::new);
	}

	/** Replaces each {@code *} of the deployment's model with the next captured part (the last one for extras). */
	static String substitute(String model, String[] captured) {
		if (model.indexOf('*') < 0 || captured.length == 0) {
			return model;
		}
		StringBuilder out = new StringBuilder(model.length() + 32);
		int n = 0;
		for (int i = 0; i < model.length(); i++) {
			char c = model.charAt(i);
			if (c == '*') {
				out.append(captured[Math.min(n++, captured.length - 1)]);
			}
			else {
				out.append(c);
			}
		}
		return out.toString();
	}
}
