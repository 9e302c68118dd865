package io.llmgateway.translate.anthropic;

import io.llmgateway.translate.mapping.Json;
import io.llmgateway.translate.model.ErrorType;
import io.llmgateway.translate.model.LlmError;
import tools.jackson.databind.JsonNode;

/** Anthropic error bodies and statuses onto the canonical error (docs/translation.md, "Errors"). */
final class AnthropicErrors {

	private AnthropicErrors() {
	}

	static LlmError decode(int status, byte[] body) {
		JsonNode root = Json.tryRead(body);
		return fromBody(status, root);
	}

	static LlmError fromBody(int status, JsonNode root) {
		JsonNode error = root == null ? null : root.get("error");
		String type = Json.str(error, "type");
		String message = Json.str(error, "message");
		if (message == null) {
			message = "The provider anthropic answered HTTP " + status;
		}
		ErrorType canonical = canonical(status, type, message);
		String code = switch (canonical) {
			case AUTHENTICATION -> "invalid_api_key";
			case NOT_FOUND -> "model_not_found";
			case CONTEXT_WINDOW_EXCEEDED -> "context_length_exceeded";
			case OVERLOADED -> "overloaded";
			default -> "billing_error".equals(type) ? "insufficient_quota" : null;
		};
		return LlmError.of(canonical, code, message);
	}

	/** From an in-band {@code event: error} of a stream. */
	static LlmError fromEvent(JsonNode root) {
		JsonNode error = root == null ? null : root.get("error");
		String type = Json.str(error, "type");
		return fromBody(statusOf(type), root);
	}

	private static int statusOf(String type) {
		if (type == null) {
			return 500;
		}
		return switch (type) {
			case "invalid_request_error" -> 400;
			case "authentication_error" -> 401;
			case "billing_error" -> 402;
			case "permission_error" -> 403;
			case "not_found_error" -> 404;
			case "request_too_large" -> 413;
			case "rate_limit_error" -> 429;
			case "timeout_error" -> 504;
			case "overloaded_error" -> 529;
			default -> 500;
		};
	}

	private static ErrorType canonical(int status, String type, String message) {
		if ("overloaded_error".equals(type) || status == 529) {
			return ErrorType.OVERLOADED;
		}
		return switch (status) {
			case 400, 422 -> message.contains("prompt is too long") ? ErrorType.CONTEXT_WINDOW_EXCEEDED
					: ErrorType.INVALID_REQUEST;
			case 401 -> ErrorType.AUTHENTICATION;
			case 402 -> ErrorType.RATE_LIMIT;
			case 403 -> ErrorType.PERMISSION;
			case 404 -> ErrorType.NOT_FOUND;
			case 408, 504 -> ErrorType.TIMEOUT;
			case 413 -> ErrorType.REQUEST_TOO_LARGE;
			case 429 -> ErrorType.RATE_LIMIT;
			case 503 -> ErrorType.OVERLOADED;
			default -> status >= 500 ? ErrorType.BAD_GATEWAY : ErrorType.INVALID_REQUEST;
		};
	}
}
