package io.llmgateway.translate.bedrock;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.Consumer;

import io.llmgateway.translate.codec.StreamDecoder;
import io.llmgateway.translate.mapping.Json;
import io.llmgateway.translate.model.ErrorType;
import io.llmgateway.translate.model.LlmError;
import io.llmgateway.translate.model.StreamEvent;
import io.llmgateway.translate.stream.SseEventTranslator;
import software.amazon.eventstream.Message;
import software.amazon.eventstream.MessageDecoder;
import tools.jackson.databind.JsonNode;

/**
 * Decodes an {@code InvokeModelWithResponseStream} answer: AWS event-stream frames (AWS's {@link MessageDecoder}
 * checks CRCs and reassembles split frames) whose {@code chunk} events carry {@code {"bytes": base64}}, each the
 * model's own stream event (for Claude an Anthropic event with its {@code type}), handed to the model's
 * {@link SseEventTranslator}. Exception frames end the stream with one error.
 */
public final class BedrockInvokeStreamDecoder implements StreamDecoder {

	private final MessageDecoder frames = new MessageDecoder(this::onFrame);

	private final SseEventTranslator events;

	private Consumer<StreamEvent> sink;

	private boolean failed;

	public BedrockInvokeStreamDecoder(SseEventTranslator events) {
		this.events = events;
	}

	@Override
	public void decode(ByteBuffer chunk, Consumer<StreamEvent> sink) {
		if (failed || events.finished()) {
			return;
		}
		this.sink = sink;
		try {
			frames.feed(chunk);
		}
		catch (RuntimeException ex) {
			fail(LlmError.of(ErrorType.BAD_GATEWAY, "[bedrock] corrupt event-stream frame"));
		}
	}

	@Override
	public void end(Consumer<StreamEvent> sink) {
		if (failed || events.finished()) {
			return;
		}
		events.onEnd(sink);
	}

	private void onFrame(Message frame) {
		if (failed || events.finished()) {
			return;
		}
		LlmError error = BedrockFrames.error(frame);
		if (error != null) {
			fail(error);
			return;
		}
		if (!"chunk".equals(BedrockFrames.header(frame, ":event-type"))) {
			return;
		}
		JsonNode payload = Json.readUpstream(frame.getPayload(), BedrockUpstreamCodec.PROVIDER);
		String bytes = Json.str(payload, "bytes");
		if (bytes == null) {
			return;
		}
		String event;
		try {
			event = new String(Base64.getDecoder().decode(bytes), StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			fail(LlmError.of(ErrorType.BAD_GATEWAY, "[bedrock] chunk bytes are not base64"));
			return;
		}
		JsonNode inner = Json.tryRead(event);
		if (inner == null) {
			fail(LlmError.of(ErrorType.BAD_GATEWAY, "[bedrock] unreadable stream event"));
			return;
		}
		events.onEvent(Json.str(inner, "type"), event, sink);
	}

	private void fail(LlmError error) {
		failed = true;
		sink.accept(new StreamEvent.Error(error));
	}

}
