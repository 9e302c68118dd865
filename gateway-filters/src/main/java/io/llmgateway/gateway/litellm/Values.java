package io.llmgateway.gateway.litellm;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

/** Typed reads of YAML values, with errors naming the LiteLLM key. */
final class Values {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private Values() {
	}

	static String string(Object v) {
		return v == null ? null : String.valueOf(v);
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> map(Object v, String key) {
		if (v == null) {
			return Map.of();
		}
		if (v instanceof Map<?, ?> m) {
			Map<String, Object> out = new LinkedHashMap<>();
			m.forEach((k, val) -> out.put(String.valueOf(k), val));
			return out;
		}
		throw new IllegalStateException(key + " must be a mapping, was: " + v.getClass().getSimpleName());
	}

	static List<Object> list(Object v, String key) {
		if (v == null) {
			return List.of();
		}
		if (v instanceof List<?> l) {
			return new ArrayList<>(l);
		}
		throw new IllegalStateException(key + " must be a list");
	}

	/** A list, or one comma-separated string. */
	static List<String> strings(Object v, String key) {
		if (v == null) {
			return List.of();
		}
		if (v instanceof String s) {
			List<String> out = new ArrayList<>();
			for (String part : s.split(",")) {
				if (!part.isBlank()) {
					out.add(part.trim());
				}
			}
			return out;
		}
		List<String> out = new ArrayList<>();
		for (Object o : list(v, key)) {
			out.add(String.valueOf(o));
		}
		return out;
	}

	static Long integer(Object v, String key) {
		try {
			return v instanceof Number n ? Long.valueOf(n.longValue()) : Long.valueOf(new BigDecimal(
					String.valueOf(v).trim()).longValueExact());
		}
		catch (NumberFormatException | ArithmeticException ex) {
			throw new IllegalStateException(key + " must be a whole number, was '" + v + "'");
		}
	}

	static BigDecimal decimal(Object v, String key) {
		try {
			return new BigDecimal(String.valueOf(v).trim());
		}
		catch (NumberFormatException ex) {
			throw new IllegalStateException(key + " must be a number, was '" + v + "'");
		}
	}

	static boolean bool(Object v) {
		return v instanceof Boolean b ? b : "true".equalsIgnoreCase(String.valueOf(v).trim());
	}

	/** LiteLLM durations are seconds (a number); a Spring duration ({@code 30s}) is accepted too. */
	static String seconds(Object v, String key) {
		String s = String.valueOf(v).trim();
		if (s.matches("[0-9.]+")) {
			return decimal(s, key).multiply(BigDecimal.valueOf(1000)).longValue() + "ms";
		}
		if (s.matches("[0-9]+(ms|s|m|h|d)")) {
			return s;
		}
		throw new IllegalStateException(key + " must be a number of seconds, was '" + v + "'");
	}

	static String json(Object v) {
		return JSON.writeValueAsString(v);
	}
}
