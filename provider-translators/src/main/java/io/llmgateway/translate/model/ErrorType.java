package io.llmgateway.translate.model;

/**
 * Canonical error classes, each with its default HTTP status and its names in the OpenAI and Anthropic dialects.
 */
public enum ErrorType {
	INVALID_REQUEST(400, "invalid_request_error", "invalid_request_error"),
	AUTHENTICATION(401, "authentication_error", "authentication_error"),
	PERMISSION(403, "permission_error", "permission_error"),
	NOT_FOUND(404, "not_found_error", "not_found_error"),
	REQUEST_TOO_LARGE(413, "invalid_request_error", "request_too_large"),
	/** The client did not send its request (body) in time. */
	REQUEST_TIMEOUT(408, "invalid_request_error", "invalid_request_error"),
	RATE_LIMIT(429, "rate_limit_exceeded", "rate_limit_error"),
	BUDGET_EXCEEDED(429, "budget_exceeded", "rate_limit_error"),
	CONTEXT_WINDOW_EXCEEDED(400, "invalid_request_error", "invalid_request_error"),
	CONTENT_POLICY(400, "invalid_request_error", "invalid_request_error"),
	SERVER_ERROR(500, "server_error", "api_error"),
	BAD_GATEWAY(502, "server_error", "api_error"),
	OVERLOADED(503, "server_error", "overloaded_error"),
	UNAVAILABLE(503, "server_error", "api_error"),
	TIMEOUT(504, "timeout", "timeout_error");

	private final int status;

	private final String openAiType;

	private final String anthropicType;

	ErrorType(int status, String openAiType, String anthropicType) {
		this.status = status;
		this.openAiType = openAiType;
		this.anthropicType = anthropicType;
	}

	public int status() {
		return status;
	}

	public String openAiType() {
		return openAiType;
	}

	public String anthropicType() {
		return anthropicType;
	}
}
