package io.llmgateway.translate.responses;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

import io.llmgateway.translate.mapping.Json;
import io.llmgateway.translate.model.ErrorType;
import io.llmgateway.translate.model.LlmError;
import io.llmgateway.translate.model.StopReason;
import io.llmgateway.translate.model.StreamEvent;
import io.llmgateway.translate.stream.SseStreamDecoder;
import tools.jackson.databind.JsonNode;

/**
 * The Responses event stream to canonical events: each output item is one canonical block numbered by its
 * {@code output_index}; {@code response.completed}/{@code .incomplete} end the stream with usage;
 * {@code response.failed} and {@code error} become an error. Events the canonical model has no use for (annotations,
 * hosted tool progress, content part boundaries) are skipped. Not thread-safe: one instance per stream.
 */
public final class ResponsesStreamDecoder extends SseStreamDecoder {

	private final Map<Integer, String> customCalls = new HashMap<>();

	private boolean started;

	private boolean toolCalls;

	private boolean finished;

	public ResponsesStreamDecoder() {
		super("openai");
	}

	@Override
	public void onEvent(String event, String data, Consumer<StreamEvent> sink) {
		if (finished) {
			return;
		}
		JsonNode root = Json.tryRead(data);
		if (root == null || !root.isObject()) {
			fail(sink, LlmError.of(ErrorType.BAD_GATEWAY, "The provider openai sent a malformed event"));
			return;
		}
		String type = Json.str(root, "type");
		if (type == null) {
			type = event;
		}
		if (type == null) {
			return;
		}
		int index = root.path("output_index").asInt(0);
		switch (type) {
			case "response.created", "response.in_progress" -> start(root.get("response"), sink);
			case "response.output_item.added" -> {
				start(null, sink);
				JsonNode item = root.get("item");
				String itemType = Json.str(item, "type");
				if ("message".equals(itemType)) {
					sink.accept(new StreamEvent.TextStart(index));
				}
				else if ("reasoning".equals(itemType)) {
					sink.accept(new StreamEvent.ThinkingStart(index));
				}
				else if ("function_call".equals(itemType) || "custom_tool_call".equals(itemType)) {
					toolCalls = true;
					sink.accept(new StreamEvent.ToolCallStart(index, Json.str(item, "call_id"), Json.str(item, "name")));
					if ("custom_tool_call".equals(itemType)) {
						customCalls.put(index, "");
					}
				}
			}
			case "response.output_text.delta", "response.refusal.delta" ->
				sink.accept(new StreamEvent.TextDelta(index, Json.str(root, "delta")));
			case "response.reasoning_summary_text.delta", "response.reasoning_text.delta" ->
				sink.accept(new StreamEvent.ThinkingDelta(index, Json.str(root, "delta"), null));
			case "response.function_call_arguments.delta" ->
				sink.accept(new StreamEvent.ToolCallDelta(index, Json.str(root, "delta")));
			case "response.custom_tool_call_input.done" -> customCalls.put(index, Json.str(root, "input"));
			case "response.output_item.done" -> {
				String input = customCalls.remove(index);
				if (input != null) {
					String done = Json.str(root.get("item"), "input");
					sink.accept(new StreamEvent.ToolCallDelta(index, CustomTools.argumentsOf(done != null ? done
							: input)));
				}
				sink.accept(new StreamEvent.BlockStop(index));
			}
			case "response.completed", "response.incomplete" -> {
				JsonNode response = root.get("response");
				start(response, sink);
				StopReason reason = ResponsesResponseReader.stopReason(response, toolCalls);
				sink.accept(new StreamEvent.MessageDelta(reason, ResponsesJson.usage(response.get("usage"))));
				sink.accept(new StreamEvent.MessageStop());
				finished = true;
			}
			case "response.failed" -> {
				JsonNode error = root.path("response").get("error");
				fail(sink, LlmError.of(ErrorType.BAD_GATEWAY, Json.str(error, "code"),
						message(Json.str(error, "message"))));
			}
			case "error" -> fail(sink, LlmError.of(ErrorType.BAD_GATEWAY, Json.str(root, "code"),
					message(Json.str(root, "message"))));
			default -> {
				// content_part boundaries, text .done events, annotations, hosted tools: nothing canonical
			}
		}
	}

	private void start(JsonNode response, Consumer<StreamEvent> sink) {
		if (started) {
			return;
		}
		started = true;
		sink.accept(new StreamEvent.MessageStart(Json.str(response, "id"), Json.str(response, "model"), null));
	}

	private static String message(String message) {
		return message != null ? message : "The provider openai failed while answering";
	}

	private void fail(Consumer<StreamEvent> sink, LlmError error) {
		finished = true;
		sink.accept(new StreamEvent.Error(error));
	}

	@Override
	public void onEnd(Consumer<StreamEvent> sink) {
		if (!finished) {
			fail(sink, LlmError.of(ErrorType.BAD_GATEWAY, "upstream_stream_cut",
					"The provider's stream ended before the response was complete."));
		}
	}

	@Override
	public boolean finished() {
		return finished;
	}
}
