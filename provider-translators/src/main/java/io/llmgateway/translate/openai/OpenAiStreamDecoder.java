package io.llmgateway.translate.openai;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

import io.llmgateway.translate.mapping.Json;
import io.llmgateway.translate.mapping.ToolCallIds;
import io.llmgateway.translate.codec.StreamDecoder;
import io.llmgateway.translate.model.ErrorType;
import io.llmgateway.translate.model.LlmError;
import io.llmgateway.translate.model.StopReason;
import io.llmgateway.translate.model.StreamEvent;
import io.llmgateway.translate.model.Usage;
import io.llmgateway.translate.sse.SseEvent;
import io.llmgateway.translate.sse.SseParser;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * OpenAI {@code chat.completion.chunk} SSE stream → canonical events. Follows the first choice ({@code index} 0);
 * blocks are numbered in the order they start and closed when another block starts. Usage is accepted on any chunk
 * (the last non-null wins), and the final {@link StreamEvent.MessageDelta} is emitted at {@code [DONE]}, when usage is
 * known. A stream that ends without {@code [DONE]} and without a finish reason yields an {@link StreamEvent.Error}.
 */
public final class OpenAiStreamDecoder implements StreamDecoder {

	private final SseParser parser = new SseParser();

	private final Consumer<SseEvent> onEvent;

	private Consumer<StreamEvent> sink;

	private boolean started;

	private boolean finished;

	private int nextIndex;

	/** The block currently open, or -1. */
	private int openIndex = -1;

	private Kind openKind;

	private int textIndex = -1;

	private int thinkingIndex = -1;

	/** OpenAI tool_calls[].index → canonical block index. */
	private final Map<Integer, Integer> toolBlocks = new HashMap<>();

	private StopReason stopReason;

	private Usage usage;

	private enum Kind {
		TEXT, THINKING, TOOL
	}

	public OpenAiStreamDecoder() {
		this.onEvent = e -> decodeData(e.data(), sink);
	}

	@Override
	public void decode(ByteBuffer chunk, Consumer<StreamEvent> sink) {
		this.sink = sink;
		try {
			parser.feed(chunk, onEvent);
		}
		catch (IllegalStateException ex) {
			fail(sink, ex.getMessage());
		}
	}

	@Override
	public void end(Consumer<StreamEvent> sink) {
		this.sink = sink;
		parser.end(onEvent);
		if (finished) {
			return;
		}
		if (stopReason != null) {
			finish(sink);
		}
		else {
			fail(sink, "The provider's stream ended before the response was complete.");
		}
	}

	/** The usage reported so far (null until the provider sent some). */
	public Usage usage() {
		return usage;
	}

	/** Decodes one SSE {@code data} payload; usable by callers that run their own {@link SseParser}. */
	public void decodeData(String data, Consumer<StreamEvent> sink) {
		if (finished) {
			return;
		}
		if (data.isEmpty()) {
			return;
		}
		if (data.equals("[DONE]")) {
			finish(sink);
			return;
		}
		JsonNode chunk;
		try {
			chunk = Json.MAPPER.readTree(data);
		}
		catch (JacksonException ex) {
			fail(sink, "The provider sent a stream event that is not valid JSON.");
			return;
		}
		if (chunk == null || !chunk.isObject()) {
			return;
		}
		JsonNode error = chunk.get("error");
		if (error != null && !error.isNull()) {
			LlmError e = OpenAiJson.decodeError(500, chunk, "The provider reported an error in the stream.");
			finished = true;
			sink.accept(new StreamEvent.Error(e));
			return;
		}
		if (!started) {
			started = true;
			sink.accept(new StreamEvent.MessageStart(Json.str(chunk, "id"), Json.str(chunk, "model"),
					null));
		}
		Usage u = OpenAiJson.usage(chunk.get("usage"));
		if (u != null) {
			usage = u;
		}
		JsonNode choices = chunk.get("choices");
		if (choices == null || !choices.isArray()) {
			return;
		}
		for (JsonNode choice : choices) {
			JsonNode index = choice.get("index");
			if (index != null && index.isNumber() && index.intValue() != 0) {
				continue;
			}
			JsonNode delta = choice.get("delta");
			if (delta != null && delta.isObject()) {
				decodeDelta(delta, sink);
			}
			String finish = Json.str(choice, "finish_reason");
			if (finish != null) {
				stopReason = OpenAiJson.stopReason(finish);
				if (stopReason == StopReason.END_TURN && !toolBlocks.isEmpty()) {
					stopReason = StopReason.TOOL_USE;
				}
				closeOpen(sink);
			}
		}
	}

	private void decodeDelta(JsonNode delta, Consumer<StreamEvent> sink) {
		String reasoning = Json.str(delta, "reasoning_content");
		if (reasoning == null) {
			reasoning = Json.str(delta, "reasoning");
		}
		if (reasoning != null && !reasoning.isEmpty()) {
			if (openKind != Kind.THINKING || openIndex != thinkingIndex) {
				closeOpen(sink);
				thinkingIndex = open(Kind.THINKING);
				sink.accept(new StreamEvent.ThinkingStart(thinkingIndex));
			}
			sink.accept(new StreamEvent.ThinkingDelta(thinkingIndex, reasoning, null));
		}
		String content = Json.str(delta, "content");
		if (content == null) {
			content = Json.str(delta, "refusal");
		}
		if (content != null && !content.isEmpty()) {
			if (openKind != Kind.TEXT || openIndex != textIndex) {
				closeOpen(sink);
				textIndex = open(Kind.TEXT);
				sink.accept(new StreamEvent.TextStart(textIndex));
			}
			sink.accept(new StreamEvent.TextDelta(textIndex, content));
		}
		JsonNode calls = delta.get("tool_calls");
		if (calls != null && calls.isArray()) {
			for (JsonNode call : calls) {
				int toolIndex = call.path("index").isNumber() ? call.path("index").intValue() : toolBlocks.size();
				JsonNode fn = call.path("function");
				Integer block = toolBlocks.get(toolIndex);
				if (block == null) {
					closeOpen(sink);
					block = open(Kind.TOOL);
					toolBlocks.put(toolIndex, block);
					String id = Json.str(call, "id");
					sink.accept(new StreamEvent.ToolCallStart(block, id != null ? id : ToolCallIds.generate("call_"),
							Json.str(fn, "name")));
				}
				String args = Json.str(fn, "arguments");
				if (args != null && !args.isEmpty()) {
					sink.accept(new StreamEvent.ToolCallDelta(block, args));
				}
			}
		}
	}

	private int open(Kind kind) {
		openIndex = nextIndex++;
		openKind = kind;
		return openIndex;
	}

	private void closeOpen(Consumer<StreamEvent> sink) {
		if (openIndex >= 0) {
			sink.accept(new StreamEvent.BlockStop(openIndex));
			openIndex = -1;
			openKind = null;
		}
	}

	private void finish(Consumer<StreamEvent> sink) {
		if (finished) {
			return;
		}
		finished = true;
		if (!started) {
			started = true;
			sink.accept(new StreamEvent.MessageStart(null, null, null));
		}
		closeOpen(sink);
		sink.accept(new StreamEvent.MessageDelta(stopReason != null ? stopReason : StopReason.END_TURN, usage));
		sink.accept(new StreamEvent.MessageStop());
	}

	private void fail(Consumer<StreamEvent> sink, String message) {
		if (finished) {
			return;
		}
		finished = true;
		sink.accept(new StreamEvent.Error(LlmError.of(ErrorType.BAD_GATEWAY, message)));
	}
}
