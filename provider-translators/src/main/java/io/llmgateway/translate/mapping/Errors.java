package io.llmgateway.translate.mapping;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

import io.llmgateway.translate.model.ErrorType;
import io.llmgateway.translate.model.LlmError;
import io.llmgateway.translate.model.LlmException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Factories for the 400s the translators raise (each names the offending parameter), and the generic mapping of a
 * provider's HTTP status and error body onto the canonical error classes, for providers whose body says nothing more
 * precise (docs/translation.md, "Errors").
 */
public final class Errors {

	private Errors() {
	}

	public static LlmException badRequest(String param, String message) {
		return new LlmException(LlmError.of(ErrorType.INVALID_REQUEST, message).withParam(param));
	}

	/** A parameter the provider has no equivalent for, refused because {@code llm.drop-params} is off. */
	public static LlmException unsupportedParam(String param, String provider) {
		return badRequest(param, "Parameter '" + param + "' is not supported by provider " + provider
				+ "; remove it or set llm.drop-params=true to drop it");
	}

	/** A parameter that would change the response shape: refused even with {@code llm.drop-params}. */
	public static LlmException shapeChangingParam(String param, String provider) {
		return badRequest(param, "Parameter '" + param + "' is not supported by provider " + provider
				+ " and cannot be dropped because it changes the response shape");
	}

	/** A 400 for content the provider cannot take, prefixed with the provider's name. */
	public static LlmException unsupported(String provider, String what, String param) {
		return new LlmException(
				LlmError.of(ErrorType.INVALID_REQUEST, "[" + provider + "] " + what).withParam(param));
	}

	/** The generic mapping of a provider's HTTP status onto the canonical error classes. */
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
		String m = message.toLowerCase(Locale.ROOT);
		return m.contains("too long") || m.contains("context length") || m.contains("context window")
				|| m.contains("maximum context");
	}

	/** Best-effort message out of an error body: {@code {"message"}}, {@code {"error":...}} or raw text. */
	public static String errorMessage(byte[] body) {
		if (body == null || body.length == 0) {
			return null;
		}
		try {
			JsonNode node = Json.MAPPER.readTree(body);
			if (node != null && node.isObject()) {
				JsonNode err = node.get("error");
				if (err != null && err.isString()) {
					return err.stringValue();
				}
				if (err != null && err.isObject() && Json.str(err, "message") != null) {
					return Json.str(err, "message");
				}
				for (String f : List.of("message", "Message", "detail")) {
					if (Json.str(node, f) != null) {
						return Json.str(node, f);
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
