package io.llmgateway.translate.cohere;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

import io.llmgateway.translate.codec.StreamDecoder;
import io.llmgateway.translate.model.StreamEvent;

/** Cohere's SSE stream: {@link SseDataFramer} framing feeding {@link CohereEvents}. */
public final class CohereStreamDecoder implements StreamDecoder {

	private final SseDataFramer sse = new SseDataFramer();

	private final CohereEvents events = new CohereEvents();

	@Override
	public void decode(ByteBuffer chunk, Consumer<StreamEvent> sink) {
		if (!events.finished()) {
			sse.feed(chunk, data -> events.onEvent(null, data, sink));
		}
	}

	@Override
	public void end(Consumer<StreamEvent> sink) {
		if (!events.finished()) {
			sse.finish(data -> events.onEvent(null, data, sink));
			events.onEnd(sink);
		}
	}
}
