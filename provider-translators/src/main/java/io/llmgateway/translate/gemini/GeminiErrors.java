package io.llmgateway.translate.gemini;

import io.llmgateway.translate.mapping.Json;
import io.llmgateway.translate.model.ErrorType;
import io.llmgateway.translate.model.LlmError;
import tools.jackson.databind.JsonNode;

/**
 * Gemini errors onto the canonical error: an invalid API key is a 400 {@code INVALID_ARGUMENT} with reason
 * {@code API_KEY_INVALID} at Google and becomes a 401 for the client; {@code RESOURCE_EXHAUSTED} a 429,
 * {@code UNAVAILABLE} overloaded, {@code DEADLINE_EXCEEDED} a timeout.
 */
final class GeminiErrors {

	private GeminiErrors() {
	}

	static LlmError decode(int status, byte[] body) {
		JsonNode root = Json.tryRead(body);
		if (root != null && root.isArray() && !root.isEmpty()) {
			// streamGenerateContent without alt=sse answers errors as a one-element array
			root = root.get(0);
		}
		return fromBody(status, root);
	}

	static LlmError fromBody(int status, JsonNode root) {
		JsonNode error = root == null ? null : root.get("error");
		String grpcStatus = Json.str(error, "status");
		String message = Json.str(error, "message");
		int code = status > 0 ? status : error == null ? 500 : error.path("code").asInt(500);
		if (message == null) {
			message = "The provider gemini answered HTTP " + code;
		}
		boolean invalidKey = false;
		if (error != null) {
			for (JsonNode detail : error.path("details")) {
				if ("API_KEY_INVALID".equals(Json.str(detail, "reason"))) {
					invalidKey = true;
				}
			}
		}
		if (invalidKey || message.contains("API key not valid")) {
			return LlmError.of(ErrorType.AUTHENTICATION, "invalid_api_key", message);
		}
		if (grpcStatus != null) {
			switch (grpcStatus) {
				case "RESOURCE_EXHAUSTED" -> {
					return LlmError.of(ErrorType.RATE_LIMIT, "rate_limit_exceeded", message);
				}
				case "UNAVAILABLE" -> {
					return LlmError.of(ErrorType.OVERLOADED, "overloaded", message);
				}
				case "DEADLINE_EXCEEDED" -> {
					return LlmError.of(ErrorType.TIMEOUT, message);
				}
				case "UNAUTHENTICATED" -> {
					return LlmError.of(ErrorType.AUTHENTICATION, "invalid_api_key", message);
				}
				case "PERMISSION_DENIED" -> {
					return LlmError.of(ErrorType.PERMISSION, message);
				}
				case "NOT_FOUND" -> {
					return LlmError.of(ErrorType.NOT_FOUND, "model_not_found", message);
				}
				default -> {
					// fall through to the status
				}
			}
		}
		return switch (code) {
			case 400 -> message.contains("token") && message.contains("exceeds")
					? LlmError.of(ErrorType.CONTEXT_WINDOW_EXCEEDED, "context_length_exceeded", message)
					: LlmError.of(ErrorType.INVALID_REQUEST, message);
			case 401 -> LlmError.of(ErrorType.AUTHENTICATION, "invalid_api_key", message);
			case 403 -> LlmError.of(ErrorType.PERMISSION, message);
			case 404 -> LlmError.of(ErrorType.NOT_FOUND, "model_not_found", message);
			case 408, 504 -> LlmError.of(ErrorType.TIMEOUT, message);
			case 413 -> LlmError.of(ErrorType.REQUEST_TOO_LARGE, message);
			case 429 -> LlmError.of(ErrorType.RATE_LIMIT, "rate_limit_exceeded", message);
			case 503 -> LlmError.of(ErrorType.OVERLOADED, "overloaded", message);
			default -> code >= 500 ? LlmError.of(ErrorType.BAD_GATEWAY, message)
					: LlmError.of(ErrorType.INVALID_REQUEST, message);
		};
	}
}
