package io.llmgateway.translate.support;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import io.llmgateway.translate.model.ContentPart;
import io.llmgateway.translate.model.ErrorType;
import io.llmgateway.translate.model.LlmError;
import io.llmgateway.translate.model.LlmException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON helpers shared by the native provider codecs (Bedrock, Ollama, Cohere, embeddings): one mapper, lenient
 * reading of tool arguments, data URLs, and the generic status-to-error mapping used when a provider's body says
 * nothing more precise.
 */
public final class ProviderJson {

	/** Thread-safe, shared; unknown fields are never a failure when reading provider answers (tree model). */
	public static final JsonMapper MAPPER = JsonMapper.builder().build();

	public static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private ProviderJson() {
	}

	public static ObjectNode object() {
		return NODES.objectNode();
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

	public static byte[] write(JsonNode node) {
		return MAPPER.writeValueAsBytes(node);
	}

	/** The string at {@code field}, or null when absent or not a string. */
	public static String text(JsonNode node, String field) {
		if (node == null) {
			return null;
		}
		JsonNode v = node.get(field);
		return v != null && v.isString() ? v.stringValue() : null;
	}

	public static long longValue(JsonNode node, String field) {
		if (node == null) {
			return 0;
		}
		JsonNode v = node.get(field);
		return v != null && v.isNumber() ? v.longValue() : 0;
	}

	/**
	 * Tool arguments as a JSON object: empty means {@code {}}; invalid JSON (models do emit it) is kept under
	 * {@code _raw} rather than failing the whole request.
	 */
	public static JsonNode argumentsObject(String argumentsJson) {
		if (argumentsJson == null || argumentsJson.isBlank()) {
			return object();
		}
		try {
			JsonNode parsed = MAPPER.readTree(argumentsJson);
			if (parsed != null && parsed.isObject()) {
				return parsed;
			}
		}
		catch (JacksonException ignored) {
			// fall through: keep the raw text
		}
		ObjectNode raw = object();
		raw.put("_raw", argumentsJson);
		return raw;
	}

	/** Compact JSON text of a tool's input object, as OpenAI's {@code arguments} string. */
	public static String argumentsText(JsonNode input) {
		if (input == null || input.isNull() || input.isMissingNode()) {
			return "{}";
		}
		return MAPPER.writeValueAsString(input);
	}

	/** The concatenated text of a tool result's parts. */
	public static String joinedText(List<ContentPart> parts) {
		StringBuilder sb = new StringBuilder();
		for (ContentPart p : parts) {
			if (p instanceof ContentPart.Text t) {
				sb.append(t.text());
			}
		}
		return sb.toString();
	}

	public static String newId(String prefix) {
		return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
	}

	/** A {@code data:<mime>;base64,<data>} URL split into its parts, or null when {@code url} is not one. */
	public static DataUrl dataUrl(String url) {
		if (url == null || !url.startsWith("data:")) {
			return null;
		}
		int comma = url.indexOf(',');
		int semi = url.indexOf(";base64");
		if (comma < 0 || semi < 0 || semi > comma) {
			return null;
		}
		return new DataUrl(url.substring(5, semi), url.substring(comma + 1));
	}

	/** Inline media from a data URL. */
	public record DataUrl(String mediaType, String base64) {
	}

	/** A 400 for content the provider cannot take. */
	public static LlmException unsupported(String provider, String what, String param) {
		return new LlmException(
				LlmError.of(ErrorType.INVALID_REQUEST, "[" + provider + "] " + what).withParam(param));
	}

	/** The generic mapping of a provider's HTTP status onto the canonical error classes (mapping.md section 9). */
	public static LlmError errorForStatus(int status, String provider, String message) {
		String msg = "[" + provider + "] " + (message == null || message.isBlank() ? "HTTP " + status : message);
		ErrorType type = switch (status) {
			case 400, 409, 422 -> ErrorType.INVALID_REQUEST;
			case 401 -> ErrorType.AUTHENTICATION;
			case 403 -> ErrorType.PERMISSION;
			case 404 -> ErrorType.NOT_FOUND;
			case 408, 504 -> ErrorType.TIMEOUT;
			case 413 -> ErrorType.REQUEST_TOO_LARGE;
			case 429 -> ErrorType.RATE_LIMIT;
			case 503, 529 -> ErrorType.OVERLOADED;
			default -> status >= 500 ? ErrorType.BAD_GATEWAY : ErrorType.INVALID_REQUEST;
		};
		if (type == ErrorType.INVALID_REQUEST && looksLikeContextOverflow(message)) {
			type = ErrorType.CONTEXT_WINDOW_EXCEEDED;
		}
		return new LlmError(type.status(), type, type == ErrorType.CONTEXT_WINDOW_EXCEEDED ? "context_length_exceeded"
				: null, msg, null, null);
	}

	private static boolean looksLikeContextOverflow(String message) {
		if (message == null) {
			return false;
		}
		String m = message.toLowerCase();
		return m.contains("too long") || m.contains("context length") || m.contains("context window")
				|| m.contains("maximum context");
	}

	/** Best-effort message out of an error body: {@code {"message"}}, {@code {"error":...}} or raw text. */
	public static String errorMessage(byte[] body) {
		if (body == null || body.length == 0) {
			return null;
		}
		try {
			JsonNode node = MAPPER.readTree(body);
			if (node != null && node.isObject()) {
				JsonNode err = node.get("error");
				if (err != null && err.isString()) {
					return err.stringValue();
				}
				if (err != null && err.isObject() && text(err, "message") != null) {
					return text(err, "message");
				}
				for (String f : List.of("message", "Message", "detail")) {
					if (text(node, f) != null) {
						return text(node, f);
					}
				}
			}
		}
		catch (JacksonException ignored) {
			// not JSON: use the text
		}
		String raw = new String(body, StandardCharsets.UTF_8).strip();
		return raw.length() > 500 ? raw.substring(0, 500) : raw;
	}
}
