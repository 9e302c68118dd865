package io.llmgateway.translate.mapping;

import io.llmgateway.translate.model.ErrorType;
import io.llmgateway.translate.model.LlmError;
import io.llmgateway.translate.model.LlmException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.io.JsonStringEncoder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one Jackson mapper of the translators (and of the gateway's provider codecs, which use it rather than their
 * own) and small null-safe tree helpers. Stream encoders write JSON by hand
 * with {@link #quote(StringBuilder, String)} because building a tree per event costs more than the event itself.
 */
public final class Json {

	public static final JsonMapper MAPPER = JsonMapper.builder().build();

	public static final JsonNodeFactory NODES = MAPPER.getNodeFactory();

	private static final JsonStringEncoder ENCODER = JsonStringEncoder.getInstance();

	private Json() {
	}

	/** Parses a client or provider body; a 400 naming the body when it is not JSON. */
	public static JsonNode readBody(byte[] body) {
		try {
			return MAPPER.readTree(body);
		}
		catch (JacksonException ex) {
			throw new LlmException(LlmError.of(ErrorType.INVALID_REQUEST, describe("The request body", ex)));
		}
	}

	/**
	 * A parse error for people: what was parsed, where (line and column, else byte offset) and the problem, without
	 * the parser's internals (Jackson's {@code [Source: REDACTED (StreamReadFeature...)]} location text).
	 */
	public static String describe(String what, JacksonException ex) {
		StringBuilder b = new StringBuilder(what).append(" is not valid JSON");
		tools.jackson.core.TokenStreamLocation at = ex.getLocation();
		if (at != null && at.getLineNr() > 0 && at.getColumnNr() > 0 && at.getByteOffset() < 0) {
			b.append(" at line ").append(at.getLineNr()).append(", column ").append(at.getColumnNr());
		}
		else if (at != null && (at.getByteOffset() >= 0 || at.getCharOffset() >= 0)) {
			b.append(" at offset ").append(Math.max(at.getByteOffset(), at.getCharOffset()));
		}
		String problem = ex.getOriginalMessage();
		if (problem != null && !problem.isBlank()) {
			// Jackson names the source of nested locations ("for Array starting at [Source: REDACTED (...)...]")
			problem = problem.replaceAll("\\(for (\\w+) starting at \\[Source:[^\\]]*\\]\\)", "(in the $1 opened before)")
				.replaceAll("\\s*(at )?\\[Source:[^\\]]*\\]", "");
			b.append(": ").append(problem.trim());
		}
		return b.toString();
	}

	/** Parses a provider body; malformed JSON becomes a 502 (the provider, not the client, is at fault). */
	public static JsonNode readUpstream(byte[] body, String provider) {
		try {
			return MAPPER.readTree(body);
		}
		catch (JacksonException ex) {
			throw new LlmException(LlmError.of(ErrorType.BAD_GATEWAY, "[" + provider + "] malformed response body"));
		}
	}

	/** Parses JSON text, or returns null when it is not JSON. */
	public static JsonNode tryRead(String text) {
		if (text == null || text.isEmpty()) {
			return null;
		}
		try {
			return MAPPER.readTree(text);
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	public static JsonNode tryRead(byte[] bytes) {
		if (bytes == null || bytes.length == 0) {
			return null;
		}
		try {
			return MAPPER.readTree(bytes);
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	public static byte[] write(JsonNode node) {
		return MAPPER.writeValueAsBytes(node);
	}

	public static String writeString(JsonNode node) {
		return MAPPER.writeValueAsString(node);
	}

	public static ObjectNode object() {
		return NODES.objectNode();
	}

	/** The string value of a field, or null when absent or not a string. */
	public static String str(JsonNode node, String field) {
		if (node == null) {
			return null;
		}
		JsonNode v = node.get(field);
		return v != null && v.isString() ? v.stringValue() : null;
	}

	public static Long lng(JsonNode node, String field) {
		if (node == null) {
			return null;
		}
		JsonNode v = node.get(field);
		return v != null && v.isNumber() ? v.longValue() : null;
	}

	/** A token counter: absent, null or non-numeric count as zero (older responses omit cache fields). */
	public static long count(JsonNode node, String field) {
		Long v = lng(node, field);
		return v == null ? 0 : v;
	}

	/** Appends {@code value} as a quoted JSON string, or {@code null}. */
	public static StringBuilder quote(StringBuilder sb, String value) {
		if (value == null) {
			return sb.append("null");
		}
		sb.append('"');
		ENCODER.quoteAsString(value, sb);
		return sb.append('"');
	}

	/** Compact JSON text of a tool's input object, as OpenAI's {@code arguments} string; absent input is {@code {}}. */
	public static String argumentsText(JsonNode input) {
		if (input == null || input.isNull() || input.isMissingNode()) {
			return "{}";
		}
		return MAPPER.writeValueAsString(input);
	}

	/**
	 * Tool-call arguments text as a JSON object for providers that take objects: empty means {@code {}}; text that
	 * is not a JSON object is kept under {@code _raw} rather than lost (the model may emit invalid JSON).
	 */
	public static JsonNode argumentsObject(String argumentsJson) {
		if (argumentsJson == null || argumentsJson.isBlank()) {
			return object();
		}
		JsonNode parsed = tryRead(argumentsJson);
		if (parsed != null && parsed.isObject()) {
			return parsed;
		}
		ObjectNode raw = object();
		raw.put("_raw", argumentsJson);
		return raw;
	}
}
