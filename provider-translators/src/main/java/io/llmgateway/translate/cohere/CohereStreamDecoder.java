package io.llmgateway.translate.cohere;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

import io.llmgateway.translate.mapping.Errors;
import io.llmgateway.translate.mapping.ToolCallIds;
import io.llmgateway.translate.model.ErrorType;
import io.llmgateway.translate.model.LlmError;
import io.llmgateway.translate.model.StopReason;
import io.llmgateway.translate.model.StreamEvent;
import io.llmgateway.translate.stream.SseStreamDecoder;
import io.llmgateway.translate.mapping.Json;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The event logic of a Cohere v2 chat stream (framing is the SSE parser's): events whose JSON {@code type} is {@code message-start}, {@code content-*},
 * {@code tool-call-*}, {@code tool-plan-delta} (dropped) and {@code message-end} (finish reason and usage). Cohere
 * numbers text blocks and tool calls separately; both map onto one canonical index sequence.
 */
public final class CohereStreamDecoder extends SseStreamDecoder {

	private final Map<String, Integer> blocks = new HashMap<>();

	private int nextIndex;

	private boolean started;

	private boolean sawTool;

	private boolean finished;

	private boolean failed;

	public CohereStreamDecoder() {
		super("cohere");
	}

	@Override
	public boolean finished() {
		return finished || failed;
	}

	@Override
	public void onEnd(Consumer<StreamEvent> sink) {
		if (!finished && !failed) {
			fail(sink, LlmError.of(ErrorType.BAD_GATEWAY, "[cohere] stream ended before message-end"));
		}
	}

	@Override
	public void onEvent(String eventName, String data, Consumer<StreamEvent> sink) {
		if (finished || failed || data == null || data.isEmpty() || "[DONE]".equals(data)) {
			return;
		}
		JsonNode event;
		try {
			event = Json.MAPPER.readTree(data);
		}
		catch (JacksonException ex) {
			fail(sink, LlmError.of(ErrorType.BAD_GATEWAY, "[cohere] malformed stream event"));
			return;
		}
		String type = Json.str(event, "type");
		if (type == null) {
			String message = Json.str(event, "message");
			if (message != null) {
				fail(sink, Errors.errorForStatus(500, CohereUpstreamCodec.PROVIDER, message));
			}
			return;
		}
		JsonNode delta = event.path("delta");
		JsonNode message = delta.path("message");
		int cohereIndex = event.path("index").asInt(0);
		switch (type) {
			case "message-start" -> start(sink, Json.str(event, "id"));
			case "content-start" -> {
				start(sink, null);
				boolean thinking = "thinking".equals(Json.str(message.path("content"), "type"));
				int index = nextIndex++;
				blocks.put("c" + cohereIndex, index);
				sink.accept(thinking ? new StreamEvent.ThinkingStart(index) : new StreamEvent.TextStart(index));
			}
			case "content-delta" -> {
				start(sink, null);
				JsonNode content = message.path("content");
				Integer index = blocks.get("c" + cohereIndex);
				String thinking = Json.str(content, "thinking");
				String text = Json.str(content, "text");
				if (index == null) {
					index = nextIndex++;
					blocks.put("c" + cohereIndex, index);
					sink.accept(thinking != null ? new StreamEvent.ThinkingStart(index) : new StreamEvent.TextStart(index));
				}
				if (thinking != null && !thinking.isEmpty()) {
					sink.accept(new StreamEvent.ThinkingDelta(index, thinking, null));
				}
				else if (text != null && !text.isEmpty()) {
					sink.accept(new StreamEvent.TextDelta(index, text));
				}
			}
			case "content-end" -> stop(sink, "c" + cohereIndex);
			case "tool-call-start" -> {
				start(sink, null);
				JsonNode call = message.path("tool_calls");
				int index = nextIndex++;
				blocks.put("t" + cohereIndex, index);
				sawTool = true;
				sink.accept(new StreamEvent.ToolCallStart(index, Json.str(call, "id"),
						Json.str(call.path("function"), "name")));
				String args = Json.str(call.path("function"), "arguments");
				if (args != null && !args.isEmpty()) {
					sink.accept(new StreamEvent.ToolCallDelta(index, args));
				}
			}
			case "tool-call-delta" -> {
				Integer index = blocks.get("t" + cohereIndex);
				String args = Json.str(message.path("tool_calls").path("function"), "arguments");
				if (index != null && args != null && !args.isEmpty()) {
					sink.accept(new StreamEvent.ToolCallDelta(index, args));
				}
			}
			case "tool-call-end" -> stop(sink, "t" + cohereIndex);
			case "message-end" -> {
				start(sink, null);
				blocks.values().stream().sorted().forEach(i -> sink.accept(new StreamEvent.BlockStop(i)));
				blocks.clear();
				String reason = Json.str(delta, "finish_reason");
				if ("ERROR".equalsIgnoreCase(reason)) {
					String msg = Json.str(delta, "error");
					fail(sink, LlmError.of(ErrorType.BAD_GATEWAY,
							"[cohere] " + (msg != null ? msg : "generation failed")));
					return;
				}
				finished = true;
				StopReason stop = CohereResponseReader.stopReason(reason, sawTool);
				sink.accept(new StreamEvent.MessageDelta(stop, CohereResponseReader.usage(delta.get("usage"))));
				sink.accept(new StreamEvent.MessageStop());
			}
			default -> {
				// tool-plan-delta and citation events have no canonical equivalent
			}
		}
	}

	private void start(Consumer<StreamEvent> sink, String id) {
		if (!started) {
			started = true;
			sink.accept(new StreamEvent.MessageStart(id != null ? id : ToolCallIds.generate("chat_"), null, null));
		}
	}

	private void stop(Consumer<StreamEvent> sink, String key) {
		Integer index = blocks.remove(key);
		if (index != null) {
			sink.accept(new StreamEvent.BlockStop(index));
		}
	}

	private void fail(Consumer<StreamEvent> sink, LlmError error) {
		failed = true;
		sink.accept(new StreamEvent.Error(error));
	}
}
