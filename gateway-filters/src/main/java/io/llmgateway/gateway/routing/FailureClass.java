package io.llmgateway.gateway.routing;

import io.llmgateway.translate.model.ErrorType;
import io.llmgateway.translate.model.LlmError;

/**
 * The error classes of {@code retry-policy} and cooldowns, derived from the canonical error of a failed attempt.
 */
public enum FailureClass {

	TIMEOUT("timeout"), RATE_LIMIT("rate-limit"), SERVER_ERROR("server-error"),
	CONNECTION_ERROR("connection-error"), AUTH("auth"), BAD_REQUEST("bad-request"),
	CONTENT_POLICY("content-policy"), CONTEXT_WINDOW("context-window");

	private final String key;

	FailureClass(String key) {
		this.key = key;
	}

	/** The name used in {@code llm.router.retry-policy}. */
	public String key() {
		return key;
	}

	public static FailureClass of(LlmError error) {
		ErrorType type = error.type();
		if (type == ErrorType.TIMEOUT) {
			return TIMEOUT;
		}
		if (type == ErrorType.RATE_LIMIT) {
			return RATE_LIMIT;
		}
		if (type == ErrorType.CONTEXT_WINDOW_EXCEEDED) {
			return CONTEXT_WINDOW;
		}
		if (type == ErrorType.CONTENT_POLICY) {
			return CONTENT_POLICY;
		}
		if (type == ErrorType.AUTHENTICATION || type == ErrorType.PERMISSION) {
			return AUTH;
		}
		if (type == ErrorType.BAD_GATEWAY && error.code() != null
				&& (error.code().equals("upstream_unreachable") || error.code().equals("upstream_connection_error"))) {
			return CONNECTION_ERROR;
		}
		int status = error.status();
		if (status == 429) {
			return RATE_LIMIT;
		}
		if (status == 408 || status == 504) {
			return TIMEOUT;
		}
		if (status == 401 || status == 403) {
			return AUTH;
		}
		if (status >= 500) {
			return SERVER_ERROR;
		}
		return BAD_REQUEST;
	}

	/** Whether this class is worth retrying by default (client mistakes are not). */
	public boolean retryableByDefault() {
		return this != BAD_REQUEST && this != AUTH && this != CONTEXT_WINDOW && this != CONTENT_POLICY;
	}

	/** Whether one failure of this class takes the deployment out of rotation at once. */
	public boolean coolsImmediately() {
		return this == RATE_LIMIT || this == AUTH;
	}

	/** Whether this class counts towards a deployment's failures (client mistakes do not). */
	public boolean countsAsDeploymentFailure() {
		return this != BAD_REQUEST && this != CONTEXT_WINDOW && this != CONTENT_POLICY;
	}
}
