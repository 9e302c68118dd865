package io.llmgateway.translate.responses;

import java.nio.charset.StandardCharsets;

import io.llmgateway.translate.codec.StreamEncoder;
import io.llmgateway.translate.mapping.Json;
import io.llmgateway.translate.mapping.StopReasons;
import io.llmgateway.translate.model.ChatRequest;
import io.llmgateway.translate.model.LlmError;
import io.llmgateway.translate.model.StopReason;
import io.llmgateway.translate.model.StreamEvent;
import io.llmgateway.translate.model.Usage;
import io.llmgateway.translate.stream.OutputSlots;

/**
 * Canonical events to the Responses event stream, as the OpenAI SDKs and Codex read it: {@code response.created} and
 * {@code response.in_progress}; per output item {@code response.output_item.added}, its deltas
 * ({@code output_text}, {@code function_call_arguments}, {@code reasoning_summary_text}) and their {@code .done}
 * events, {@code response.output_item.done}; then {@code response.completed} (or {@code response.incomplete} when
 * cut) with the whole output and usage. A failure after the start is {@code response.failed} then {@code error}.
 * Every event carries its {@code sequence_number}. Items open lazily on their first content, so no empty item is
 * produced; at most one item is open, a new one closes the previous. A custom tool's arguments are JSON around the
 * free text, so they are collected and sent as one {@code custom_tool_call_input} delta when the call ends. Not
 * thread-safe: one instance per stream.
 */
final class ResponsesStreamEncoder implements StreamEncoder {

	private enum Kind {
		TEXT, REASONING, FUNCTION, CUSTOM
	}

	private static final class Item extends OutputSlots.Slot {

		final Kind kind;

		String id;

		String callId;

		String name;

		/** A reasoning item's signature, sent back by the client in {@code encrypted_content}. */
		String signature;

		final StringBuilder content = new StringBuilder();

		Item(Kind kind) {
			this.kind = kind;
		}
	}

	private final String clientModel;

	private final ResponsesOriginal original;

	private final CustomTools custom;

	private final long createdAt = System.currentTimeMillis() / 1000;

	private final OutputSlots<Item> items = new OutputSlots<>();

	/** The output items done so far, as JSON, for the final response object. */
	private final StringBuilder output = new StringBuilder();

	private String responseId;

	private int sequence;

	private boolean started;

	private boolean finished;

	private boolean sawToolCall;

	private StopReason stopReason;

	private Usage usage;

	ResponsesStreamEncoder(String clientModel, ChatRequest request) {
		this.clientModel = clientModel;
		this.original = ResponsesOriginal.of(request);
		this.custom = original == null ? CustomTools.NONE : original.custom();
	}

	@Override
	public byte[] encode(StreamEvent event) {
		if (finished) {
			return null;
		}
		StringBuilder sb = new StringBuilder(192);
		if (event instanceof StreamEvent.MessageStart s) {
			if (s.usage() != null) {
				usage = s.usage();
			}
			start(sb, s.id());
		}
		else if (event instanceof StreamEvent.TextStart t) {
			items.declare(t.index(), new Item(Kind.TEXT));
		}
		else if (event instanceof StreamEvent.TextDelta d) {
			if (d.text() != null && !d.text().isEmpty()) {
				Item item = ensureOpen(sb, d.index(), Kind.TEXT, null, null);
				if (item != null) {
					item.content.append(d.text());
					event(sb, "response.output_text.delta").append(",\"item_id\":");
					Json.quote(sb, item.id).append(",\"output_index\":").append(item.position())
						.append(",\"content_index\":0,\"logprobs\":[],\"delta\":");
					Json.quote(sb, d.text()).append("}\n\n");
				}
			}
		}
		else if (event instanceof StreamEvent.ThinkingStart t) {
			items.declare(t.index(), new Item(Kind.REASONING));
		}
		else if (event instanceof StreamEvent.ThinkingDelta d) {
			if (d.signature() != null && !d.signature().isEmpty()) {
				Item item = ensureOpen(sb, d.index(), Kind.REASONING, null, null);
				if (item != null) {
					item.signature = d.signature();
				}
			}
			if (d.text() != null && !d.text().isEmpty()) {
				Item item = ensureOpen(sb, d.index(), Kind.REASONING, null, null);
				if (item != null) {
					item.content.append(d.text());
					event(sb, "response.reasoning_summary_text.delta").append(",\"item_id\":");
					Json.quote(sb, item.id).append(",\"output_index\":").append(item.position())
						.append(",\"summary_index\":0,\"delta\":");
					Json.quote(sb, d.text()).append("}\n\n");
				}
			}
		}
		else if (event instanceof StreamEvent.ToolCallStart t) {
			sawToolCall = true;
			ensureOpen(sb, t.index(), custom.isCustom(t.name()) ? Kind.CUSTOM : Kind.FUNCTION, t.id(), t.name());
		}
		else if (event instanceof StreamEvent.ToolCallDelta d) {
			Item item = items.get(d.index());
			if (item != null && item == items.open() && d.argumentsFragment() != null && !d.argumentsFragment().isEmpty()) {
				item.content.append(d.argumentsFragment());
				if (item.kind == Kind.FUNCTION) {
					event(sb, "response.function_call_arguments.delta").append(",\"item_id\":");
					Json.quote(sb, item.id).append(",\"output_index\":").append(item.position()).append(",\"delta\":");
					Json.quote(sb, d.argumentsFragment()).append("}\n\n");
				}
			}
		}
		else if (event instanceof StreamEvent.BlockStop s) {
			Item item = items.get(s.index());
			if (item != null && item == items.open()) {
				closeOpen(sb);
			}
		}
		else if (event instanceof StreamEvent.MessageDelta d) {
			if (d.usage() != null) {
				usage = d.usage();
			}
			if (d.stopReason() != null) {
				stopReason = d.stopReason();
			}
		}
		else if (event instanceof StreamEvent.MessageStop) {
			start(sb, null);
			closeOpen(sb);
			StopReason reason = StopReasons.derive(stopReason, sawToolCall);
			String status = ResponsesJson.status(reason);
			response(sb, "completed".equals(status) ? "response.completed" : "response.incomplete", status, reason,
					null, usage == null ? Usage.ZERO : usage);
			finished = true;
		}
		else if (event instanceof StreamEvent.Error e) {
			fail(sb, e.error());
			finished = true;
		}
		return sb.length() == 0 ? null : sb.toString().getBytes(StandardCharsets.UTF_8);
	}

	private void start(StringBuilder sb, String id) {
		if (started) {
			return;
		}
		started = true;
		responseId = ResponsesJson.responseId(id);
		response(sb, "response.created", "in_progress", null, null, null);
		response(sb, "response.in_progress", "in_progress", null, null, null);
	}

	private void fail(StringBuilder sb, LlmError error) {
		if (started) {
			closeOpen(sb);
			response(sb, "response.failed", "failed", null, error, usage);
		}
		event(sb, "error").append(",\"code\":");
		Json.quote(sb, error.code() != null ? error.code() : error.type() == null ? "server_error"
				: error.type().openAiType()).append(",\"message\":");
		Json.quote(sb, error.message()).append(",\"param\":");
		Json.quote(sb, error.param()).append("}\n\n");
	}

	private void response(StringBuilder sb, String type, String status, StopReason reason, LlmError error,
			Usage usage) {
		event(sb, type).append(",\"response\":");
		ResponsesJson.openResponse(sb, responseId, createdAt, status, clientModel, original, reason, error)
			.append(",\"output\":[").append(output).append(']');
		ResponsesJson.closeResponse(sb, usage).append("}\n\n");
	}

	/**
	 * The open item for canonical block {@code index}, opening it (and closing the previous one) when needed; null
	 * when that block was already closed (late fragments cannot be sent any more).
	 */
	private Item ensureOpen(StringBuilder sb, int index, Kind kind, String callId, String name) {
		start(sb, null);
		Item item = items.slot(index, x -> x.kind == kind, () -> new Item(kind));
		if (item == items.open()) {
			return item;
		}
		if (!items.canOpen(item)) {
			return null;
		}
		closeOpen(sb);
		items.open(item);
		item.callId = callId;
		item.name = name;
		item.id = ResponsesJson.itemId(switch (kind) {
			case TEXT -> "msg";
			case REASONING -> "rs";
			case FUNCTION -> "fc";
			case CUSTOM -> "ctc";
		}, responseId, item.position());
		itemEvent(sb, "response.output_item.added", item, "in_progress", null);
		if (kind == Kind.TEXT) {
			event(sb, "response.content_part.added").append(",\"item_id\":");
			Json.quote(sb, item.id).append(",\"output_index\":").append(item.position())
				.append(",\"content_index\":0,\"part\":");
			ResponsesItems.outputText(sb, "").append("}\n\n");
		}
		else if (kind == Kind.REASONING) {
			event(sb, "response.reasoning_summary_part.added").append(",\"item_id\":");
			Json.quote(sb, item.id).append(",\"output_index\":").append(item.position())
				.append(",\"summary_index\":0,\"part\":");
			ResponsesItems.summaryText(sb, "").append("}\n\n");
		}
		return item;
	}

	private void closeOpen(StringBuilder sb) {
		Item item = items.closeOpen();
		if (item == null) {
			return;
		}
		String content = item.content.toString();
		String head = ",\"item_id\":";
		switch (item.kind) {
			case TEXT -> {
				event(sb, "response.output_text.done").append(head);
				Json.quote(sb, item.id).append(",\"output_index\":").append(item.position())
					.append(",\"content_index\":0,\"logprobs\":[],\"text\":");
				Json.quote(sb, content).append("}\n\n");
				event(sb, "response.content_part.done").append(head);
				Json.quote(sb, item.id).append(",\"output_index\":").append(item.position())
					.append(",\"content_index\":0,\"part\":");
				ResponsesItems.outputText(sb, content).append("}\n\n");
			}
			case REASONING -> {
				event(sb, "response.reasoning_summary_text.done").append(head);
				Json.quote(sb, item.id).append(",\"output_index\":").append(item.position())
					.append(",\"summary_index\":0,\"text\":");
				Json.quote(sb, content).append("}\n\n");
				event(sb, "response.reasoning_summary_part.done").append(head);
				Json.quote(sb, item.id).append(",\"output_index\":").append(item.position())
					.append(",\"summary_index\":0,\"part\":");
				ResponsesItems.summaryText(sb, content).append("}\n\n");
			}
			case FUNCTION -> {
				if (content.isEmpty()) {
					item.content.append("{}");
					content = "{}";
				}
				event(sb, "response.function_call_arguments.done").append(head);
				Json.quote(sb, item.id).append(",\"output_index\":").append(item.position()).append(",\"name\":");
				Json.quote(sb, item.name).append(",\"arguments\":");
				Json.quote(sb, content).append("}\n\n");
			}
			case CUSTOM -> {
				String input = CustomTools.inputOf(content);
				item.content.setLength(0);
				item.content.append(input);
				if (!input.isEmpty()) {
					event(sb, "response.custom_tool_call_input.delta").append(head);
					Json.quote(sb, item.id).append(",\"output_index\":").append(item.position()).append(",\"delta\":");
					Json.quote(sb, input).append("}\n\n");
				}
				event(sb, "response.custom_tool_call_input.done").append(head);
				Json.quote(sb, item.id).append(",\"output_index\":").append(item.position()).append(",\"input\":");
				Json.quote(sb, input).append("}\n\n");
			}
		}
		int mark = sb.length();
		itemEvent(sb, "response.output_item.done", item, "completed", item.content.toString());
		// the finished item also goes into the final response object
		int itemStart = sb.indexOf(",\"item\":", mark) + 8;
		if (output.length() > 0) {
			output.append(',');
		}
		output.append(sb, itemStart, sb.lastIndexOf("}\n\n"));
	}

	private void itemEvent(StringBuilder sb, String type, Item item, String status, String content) {
		event(sb, type).append(",\"output_index\":").append(item.position()).append(",\"item\":");
		switch (item.kind) {
			case TEXT -> ResponsesItems.message(sb, item.id, status, content);
			case REASONING -> ResponsesItems.reasoning(sb, item.id, content, ReasoningCarrier.signed(item.signature));
			case FUNCTION -> ResponsesItems.functionCall(sb, item.id, status, item.callId, item.name,
					content == null ? "" : content);
			case CUSTOM -> ResponsesItems.customCall(sb, item.id, status, item.callId, item.name,
					content == null ? "" : content);
		}
		sb.append("}\n\n");
	}

	private StringBuilder event(StringBuilder sb, String type) {
		return sb.append("event: ").append(type).append("\ndata: {\"type\":\"").append(type)
			.append("\",\"sequence_number\":").append(sequence++);
	}
}
