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
 * A {@link StreamDecoder} made of the shared incremental {@link SseParser} (framing: split events and UTF-8
 * characters) and one provider's {@link SseEventTranslator} (event logic). Never throws: a framing failure or a bug
 * in the logic becomes one {@link StreamEvent.Error}, after which input is ignored.
 */
public final class SseStreamDecoder implements StreamDecoder {

	private final SseParser parser = new SseParser();

	private final SseEventTranslator translator;

	private final String provider;

	private final Consumer<SseEvent> onEvent;

	private Consumer<StreamEvent> sink;

	private boolean failed;

	public SseStreamDecoder(SseEventTranslator translator, String provider) {
		this.translator = translator;
		this.provider = provider;
		this.onEvent = e -> translator.onEvent(e.event(), e.data(), sink);
	}

	@Override
	public void decode(ByteBuffer chunk, Consumer<StreamEvent> sink) {
		if (failed || translator.finished()) {
			chunk.position(chunk.limit());
			return;
		}
		this.sink = sink;
		try {
			parser.feed(chunk, onEvent);
		}
		catch (RuntimeException ex) {
			fail(sink);
		}
	}

	@Override
	public void end(Consumer<StreamEvent> sink) {
		if (failed) {
			return;
		}
		this.sink = sink;
		try {
			if (!translator.finished()) {
				parser.end(onEvent);
			}
			translator.onEnd(sink);
		}
		catch (RuntimeException ex) {
			fail(sink);
		}
	}

	private void fail(Consumer<StreamEvent> sink) {
		failed = true;
		if (!translator.finished()) {
			sink.accept(new StreamEvent.Error(
					LlmError.of(ErrorType.BAD_GATEWAY, "The provider " + provider + " sent a malformed event stream")));
		}
	}
}
