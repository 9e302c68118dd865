package io.llmgateway.translate.anthropic;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

import io.llmgateway.translate.mapping.Json;
import io.llmgateway.translate.mapping.ToolNames;
import io.llmgateway.translate.model.ErrorType;
import io.llmgateway.translate.model.LlmError;
import io.llmgateway.translate.model.StopReason;
import io.llmgateway.translate.model.StreamEvent;
import io.llmgateway.translate.model.Usage;
import io.llmgateway.translate.mapping.StopReasons;
import io.llmgateway.translate.stream.SseStreamDecoder;
import tools.jackson.databind.JsonNode;

/**
 * Anthropic stream events to canonical events (docs/translation.md, "Streams"), as a state machine over (event name, data):
 * block kinds by index (server-tool blocks are skipped with all their deltas), usage from {@code message_start}
 * overwritten field by field by the cumulative {@code message_delta} usage, the stop reason held until
 * {@code message_delta}; {@code message_stop} ends the stream, {@code error} ends it in-band, and a close without
 * either is reported as a cut stream.
 */
public final class AnthropicStreamDecoder extends SseStreamDecoder {

	private enum Kind {
		TEXT, TOOL, THINKING, SKIPPED
	}

	private final ToolNames names;

	private final Map<Integer, Kind> kinds = new HashMap<>();

	private Usage usage;

	private StopReason stop;

	private boolean sawToolCall;

	private boolean started;

	private boolean deltaSent;

	private boolean finished;

	public AnthropicStreamDecoder(ToolNames names) {
		super("anthropic");
		this.names = names;
	}

	@Override
	public boolean finished() {
		return finished;
	}

	@Override
	public void onEvent(String event, String data, Consumer<StreamEvent> sink) {
		if (finished || data == null || data.isEmpty()) {
			return;
		}
		JsonNode root = Json.tryRead(data);
		if (root == null || !root.isObject()) {
			fail(sink, LlmError.of(ErrorType.BAD_GATEWAY, "The provider anthropic sent an unreadable stream event"));
			return;
		}
		String type = event != null ? event : Json.str(root, "type");
		if (type == null) {
			return;
		}
		switch (type) {
			case "message_start" -> {
				JsonNode msg = root.get("message");
				usage = AnthropicJson.readUsage(msg == null ? null : msg.get("usage"));
				started = true;
				sink.accept(new StreamEvent.MessageStart(Json.str(msg, "id"), Json.str(msg, "model"), usage));
			}
			case "content_block_start" -> blockStart(root, sink);
			case "content_block_delta" -> blockDelta(root, sink);
			case "content_block_stop" -> {
				int index = root.path("index").asInt(-1);
				Kind kind = kinds.get(index);
				if (kind != null && kind != Kind.SKIPPED) {
					sink.accept(new StreamEvent.BlockStop(index));
				}
			}
			case "message_delta" -> {
				stop = StopReasons.fromAnthropic(Json.str(root.get("delta"), "stop_reason"));
				usage = AnthropicJson.overwrite(usage, root.get("usage"));
				deltaSent = true;
				sink.accept(new StreamEvent.MessageDelta(StopReasons.derive(stop, sawToolCall), usage));
			}
			case "message_stop" -> {
				if (!deltaSent) {
					sink.accept(new StreamEvent.MessageDelta(StopReasons.derive(stop, sawToolCall), usage));
				}
				finished = true;
				sink.accept(new StreamEvent.MessageStop());
			}
			case "error" -> fail(sink, AnthropicErrors.fromEvent(root));
			default -> {
				// ping and future event types carry nothing for the client
			}
		}
	}

	private void blockStart(JsonNode root, Consumer<StreamEvent> sink) {
		int index = root.path("index").asInt(-1);
		JsonNode block = root.get("content_block");
		String type = Json.str(block, "type");
		if (type == null) {
			return;
		}
		switch (type) {
			case "text" -> {
				kinds.put(index, Kind.TEXT);
				sink.accept(new StreamEvent.TextStart(index));
				String text = Json.str(block, "text");
				if (text != null && !text.isEmpty()) {
					sink.accept(new StreamEvent.TextDelta(index, text));
				}
			}
			case "tool_use" -> {
				kinds.put(index, Kind.TOOL);
				sawToolCall = true;
				sink.accept(new StreamEvent.ToolCallStart(index, Json.str(block, "id"),
						names.toClient(Json.str(block, "name"))));
			}
			case "thinking" -> {
				kinds.put(index, Kind.THINKING);
				sink.accept(new StreamEvent.ThinkingStart(index));
			}
			default -> kinds.put(index, Kind.SKIPPED);
		}
	}

	private void blockDelta(JsonNode root, Consumer<StreamEvent> sink) {
		int index = root.path("index").asInt(-1);
		Kind kind = kinds.get(index);
		if (kind == null || kind == Kind.SKIPPED) {
			return;
		}
		JsonNode delta = root.get("delta");
		String type = Json.str(delta, "type");
		if (type == null) {
			return;
		}
		switch (type) {
			case "text_delta" -> {
				String text = Json.str(delta, "text");
				if (text != null && !text.isEmpty()) {
					sink.accept(new StreamEvent.TextDelta(index, text));
				}
			}
			case "input_json_delta" -> {
				String json = Json.str(delta, "partial_json");
				if (json != null && !json.isEmpty()) {
					sink.accept(new StreamEvent.ToolCallDelta(index, json));
				}
			}
			case "thinking_delta" -> sink.accept(new StreamEvent.ThinkingDelta(index, Json.str(delta, "thinking"), null));
			case "signature_delta" -> sink.accept(new StreamEvent.ThinkingDelta(index, null, Json.str(delta, "signature")));
			default -> {
				// citations_delta and future delta types are dropped
			}
		}
	}

	private void fail(Consumer<StreamEvent> sink, LlmError error) {
		finished = true;
		sink.accept(new StreamEvent.Error(error));
	}

	@Override
	public void onEnd(Consumer<StreamEvent> sink) {
		if (finished) {
			return;
		}
		fail(sink, LlmError.of(ErrorType.BAD_GATEWAY, started
				? "The provider anthropic closed the stream before message_stop"
				: "The provider anthropic closed the stream without sending an event"));
	}
}
