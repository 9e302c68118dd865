package io.llmgateway.translate.model;

/**
 * The one error type of the gateway: rendered as OpenAI {@code {"error":{...}}} or Anthropic
 * {@code {"type":"error","error":{...}}}, with {@link #status()} as the HTTP status (or in-band once a stream started).
 * {@code retryAfterSeconds} is null when no retry hint applies.
 */
public record LlmError(int status, ErrorType type, String code, String message, String param,
		Long retryAfterSeconds) {

	public static LlmError of(ErrorType type, String message) {
		return new LlmError(type.status(), type, null, message, null, null);
	}

	public static LlmError of(ErrorType type, String code, String message) {
		return new LlmError(type.status(), type, code, message, null, null);
	}

	public LlmError withParam(String param) {
		return new LlmError(status, type, code, message, param, retryAfterSeconds);
	}

	public LlmError withStatus(int status) {
		return new LlmError(status, type, code, message, param, retryAfterSeconds);
	}

	public LlmError withRetryAfter(Long seconds) {
		return new LlmError(status, type, code, message, param, seconds);
	}
}
