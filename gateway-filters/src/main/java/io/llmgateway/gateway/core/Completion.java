package io.llmgateway.gateway.core;

/** How an exchange ended, as seen by {@link CompletionListener}s. */
public enum Completion {
	/** The whole answer reached the client. */
	SUCCESS,
	/** An error was returned to the client, as a status or in-band in a stream. */
	FAILED,
	/** The client went away before the answer was complete. */
	CANCELLED
}
