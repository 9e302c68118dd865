package io.llmgateway.translate.cohere;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

import io.llmgateway.translate.codec.StreamDecoder;
import io.llmgateway.translate.model.ErrorType;
import io.llmgateway.translate.model.LlmError;
import io.llmgateway.translate.model.StreamEvent;
import io.llmgateway.translate.sse.SseParser;

/** Cohere's SSE stream: the shared incremental {@link SseParser} feeding {@link CohereEvents}. */
public final class CohereStreamDecoder implements StreamDecoder {

	private final SseParser sse = new SseParser();

	private final CohereEvents events = new CohereEvents();

	private boolean failed;

	@Override
	public void decode(ByteBuffer chunk, Consumer<StreamEvent> sink) {
		if (failed || events.finished()) {
			return;
		}
		try {
			sse.feed(chunk, e -> events.onEvent(e.event(), e.data(), sink));
		}
		catch (RuntimeException ex) {
			fail(sink);
		}
	}

	@Override
	public void end(Consumer<StreamEvent> sink) {
		if (failed || events.finished()) {
			return;
		}
		try {
			sse.end(e -> events.onEvent(e.event(), e.data(), sink));
		}
		catch (RuntimeException ex) {
			fail(sink);
			return;
		}
		events.onEnd(sink);
	}

	private void fail(Consumer<StreamEvent> sink) {
		failed = true;
		sink.accept(new StreamEvent.Error(LlmError.of(ErrorType.BAD_GATEWAY, "[cohere] malformed event stream")));
	}
}
