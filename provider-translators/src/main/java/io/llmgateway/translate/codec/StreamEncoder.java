package io.llmgateway.translate.codec;

import io.llmgateway.translate.model.StreamEvent;

/**
 * Renders canonical events as the client's stream frames (SSE). Not thread-safe: one instance per stream.
 */
public interface StreamEncoder {

	/** The bytes to write and flush for this event, or {@code null} when the event produces no output. */
	byte[] encode(StreamEvent event);
}
