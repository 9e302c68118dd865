package io.llmgateway.translate.codec;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

import io.llmgateway.translate.model.StreamEvent;

/**
 * Turns a provider's response stream, as raw network reads, into canonical events. Owns the framing (SSE, AWS
 * event-stream, NDJSON), so events and UTF-8 characters split across reads are reassembled here. Not thread-safe:
 * one instance per stream, fed in order.
 */
public interface StreamDecoder {

	/** Feeds one network read; emits zero or more events. Malformed input yields a {@link StreamEvent.Error}. */
	void decode(ByteBuffer chunk, Consumer<StreamEvent> sink);

	/**
	 * The upstream closed. Emits what is still pending; if the stream ended without its terminal event, emits a
	 * {@link StreamEvent.Error} so a cut stream is never mistaken for a complete one.
	 */
	void end(Consumer<StreamEvent> sink);
}
