package io.llmgateway.translate.model;

/** Carries an {@link LlmError} through code that can only throw; never shows a stack trace to a client. */
public class LlmException extends RuntimeException {

	private final LlmError error;

	public LlmException(LlmError error) {
		super(error.message(), null, false, false);
		this.error = error;
	}

	public LlmException(LlmError error, Throwable cause) {
		super(error.message(), cause, false, false);
		this.error = error;
	}

	public LlmError error() {
		return error;
	}
}
