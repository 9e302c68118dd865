package io.llmgateway.translate.stream;

import java.util.function.Consumer;

import io.llmgateway.translate.model.StreamEvent;

/**
 * The event logic of one provider stream, separate from its framing: receives each SSE event already parsed (event
 * name and joined data lines) and emits canonical events. One instance per stream, not thread-safe. Implementations
 * never throw: malformed data becomes a {@link StreamEvent.Error}, after which further input is ignored.
 */
public interface SseEventTranslator {

	/** One dispatched SSE event; {@code event} is null when the frame had no {@code event:} field. */
	void onEvent(String event, String data, Consumer<StreamEvent> sink);

	/** The upstream closed: flush what is pending, or report a cut stream as an error. */
	void onEnd(Consumer<StreamEvent> sink);

	/** True once a terminal event (stop or error) was emitted; later input is ignored. */
	boolean finished();
}
