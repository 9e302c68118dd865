package io.llmgateway.translate.ollama;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

import io.llmgateway.translate.mapping.Errors;
import io.llmgateway.translate.mapping.ToolCallIds;
import io.llmgateway.translate.codec.StreamDecoder;
import io.llmgateway.translate.model.ContentPart;
import io.llmgateway.translate.model.ErrorType;
import io.llmgateway.translate.model.LlmError;
import io.llmgateway.translate.model.StreamEvent;
import io.llmgateway.translate.support.LineFramer;
import io.llmgateway.translate.mapping.Json;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Ollama's NDJSON stream: one JSON object per line, the last with {@code "done": true} and the token counts. Tool
 * calls arrive whole, so each becomes a start, one arguments fragment and a stop.
 */
public final class OllamaStreamDecoder implements StreamDecoder {

	private static final int MAX_LINE = 8 * 1024 * 1024;

	private final LineFramer lines = new LineFramer(MAX_LINE);

	private int nextIndex;

	private int textIndex = -1;

	private int thinkingIndex = -1;

	private boolean started;

	private boolean sawTool;

	private boolean finished;

	private boolean failed;

	@Override
	public void decode(ByteBuffer chunk, Consumer<StreamEvent> sink) {
		if (finished || failed) {
			return;
		}
		try {
			lines.feed(chunk, line -> onLine(line, sink));
		}
		catch (IllegalStateException ex) {
			fail(sink, LlmError.of(ErrorType.BAD_GATEWAY, "[ollama] stream line too long"));
		}
	}

	@Override
	public void end(Consumer<StreamEvent> sink) {
		if (finished || failed) {
			return;
		}
		lines.finish(line -> onLine(line, sink));
		if (!finished && !failed) {
			fail(sink, LlmError.of(ErrorType.BAD_GATEWAY, "[ollama] stream ended before done"));
		}
	}

	private void onLine(String line, Consumer<StreamEvent> sink) {
		if (finished || failed) {
			return;
		}
		JsonNode chunk;
		try {
			chunk = Json.MAPPER.readTree(line);
		}
		catch (JacksonException ex) {
			fail(sink, LlmError.of(ErrorType.BAD_GATEWAY, "[ollama] malformed stream line"));
			return;
		}
		String error = Json.str(chunk, "error");
		if (error != null) {
			fail(sink, Errors.errorForStatus(500, OllamaUpstreamCodec.PROVIDER, error));
			return;
		}
		if (!started) {
			started = true;
			sink.accept(new StreamEvent.MessageStart(ToolCallIds.generate("chatcmpl-ollama-"),
					Json.str(chunk, "model"), null));
		}
		JsonNode message = chunk.path("message");
		String thinking = Json.str(message, "thinking");
		if (thinking != null && !thinking.isEmpty()) {
			if (thinkingIndex < 0) {
				closeText(sink);
				thinkingIndex = nextIndex++;
				sink.accept(new StreamEvent.ThinkingStart(thinkingIndex));
			}
			sink.accept(new StreamEvent.ThinkingDelta(thinkingIndex, thinking, null));
		}
		String content = Json.str(message, "content");
		if (content != null && !content.isEmpty()) {
			closeThinking(sink);
			if (textIndex < 0) {
				textIndex = nextIndex++;
				sink.accept(new StreamEvent.TextStart(textIndex));
			}
			sink.accept(new StreamEvent.TextDelta(textIndex, content));
		}
		for (JsonNode call : message.path("tool_calls")) {
			closeThinking(sink);
			closeText(sink);
			ContentPart.ToolCall tc = OllamaResponseReader.toolCall(call);
			int index = nextIndex++;
			sawTool = true;
			sink.accept(new StreamEvent.ToolCallStart(index, tc.id(), tc.name()));
			sink.accept(new StreamEvent.ToolCallDelta(index, tc.argumentsJson()));
			sink.accept(new StreamEvent.BlockStop(index));
		}
		if (chunk.path("done").asBoolean(false)) {
			closeThinking(sink);
			closeText(sink);
			finished = true;
			sink.accept(new StreamEvent.MessageDelta(
					OllamaResponseReader.stopReason(Json.str(chunk, "done_reason"), sawTool),
					OllamaResponseReader.usage(chunk)));
			sink.accept(new StreamEvent.MessageStop());
		}
	}

	private void closeText(Consumer<StreamEvent> sink) {
		if (textIndex >= 0) {
			sink.accept(new StreamEvent.BlockStop(textIndex));
			textIndex = -1;
		}
	}

	private void closeThinking(Consumer<StreamEvent> sink) {
		if (thinkingIndex >= 0) {
			sink.accept(new StreamEvent.BlockStop(thinkingIndex));
			thinkingIndex = -1;
		}
	}

	private void fail(Consumer<StreamEvent> sink, LlmError error) {
		failed = true;
		sink.accept(new StreamEvent.Error(error));
	}
}
