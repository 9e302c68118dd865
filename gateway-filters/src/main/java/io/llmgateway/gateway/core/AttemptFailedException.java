package io.llmgateway.gateway.core;

import io.llmgateway.translate.model.LlmError;
import io.llmgateway.translate.model.LlmException;

/**
 * An upstream attempt failed before anything reached the client: the router may retry it on another deployment or
 * fall back to another group. Once the first byte was written, failures are in-band and never this exception.
 */
public class AttemptFailedException extends LlmException {

	public AttemptFailedException(LlmError error) {
		super(error);
	}
}
