package io.llmgateway.translate.stream;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

import io.llmgateway.translate.codec.StreamDecoder;
import io.llmgateway.translate.model.ErrorType;
import io.llmgateway.translate.model.LlmError;
import io.llmgateway.translate.model.StreamEvent;
import io.llmgateway.translate.sse.SseEvent;
import io.llmgateway.translate.sse.SseParser;

/**
 * The base of every {@code <Provider>StreamDecoder} of an SSE stream: the shared incremental {@link SseParser}
 * (framing: split events and UTF-8 characters) feeding the subclass's event logic ({@link SseEventTranslator}). The
 * logic can also be fed events framed otherwise (Bedrock's event-stream frames), in which case no parser is created.
 * Never throws: a framing failure or a bug in the logic becomes one {@link StreamEvent.Error}, after which input is
 * ignored.
 */
public abstract class SseStreamDecoder implements StreamDecoder, SseEventTranslator {

	private final String provider;

	private final Consumer<SseEvent> onEvent;

	private SseParser parser;

	private Consumer<StreamEvent> sink;

	private boolean failed;

	protected SseStreamDecoder(String provider) {
		this.provider = provider;
		this.onEvent = e -> onEvent(e.event(), e.data(), sink);
	}

	@Override
	public final void decode(ByteBuffer chunk, Consumer<StreamEvent> sink) {
		if (failed || finished()) {
			chunk.position(chunk.limit());
			return;
		}
		this.sink = sink;
		try {
			parser().feed(chunk, onEvent);
		}
		catch (RuntimeException ex) {
			fail(sink);
		}
	}

	@Override
	public final void end(Consumer<StreamEvent> sink) {
		if (failed) {
			return;
		}
		this.sink = sink;
		try {
			if (!finished()) {
				parser().end(onEvent);
			}
			onEnd(sink);
		}
		catch (RuntimeException ex) {
			fail(sink);
		}
	}

	private SseParser parser() {
		if (parser == null) {
			parser = new SseParser();
		}
		return parser;
	}

	private void fail(Consumer<StreamEvent> sink) {
		failed = true;
		if (!finished()) {
			sink.accept(new StreamEvent.Error(
					LlmError.of(ErrorType.BAD_GATEWAY, "The provider " + provider + " sent a malformed event stream")));
		}
	}
}
