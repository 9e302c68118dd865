package io.llmgateway.translate.anthropic;

import java.nio.charset.StandardCharsets;

import io.llmgateway.translate.codec.StreamEncoder;
import io.llmgateway.translate.mapping.Json;
import io.llmgateway.translate.mapping.StopReasons;
import io.llmgateway.translate.mapping.ToolCallIds;
import io.llmgateway.translate.model.StopReason;
import io.llmgateway.translate.model.StreamEvent;
import io.llmgateway.translate.model.Usage;
import io.llmgateway.translate.stream.OutputSlots;

/**
 * Canonical events to Anthropic SSE events (docs/translation.md, "Streams"), as an explicit state machine:
 * <ul>
 * <li>{@code started}: {@code message_start} sent (sent implicitly before the first content if the upstream gave no
 * start);</li>
 * <li>block numbering: canonical block indexes map to Anthropic indexes 0, 1, 2... in the order blocks really
 * open; text and thinking blocks open lazily on their first non-empty delta, so an empty block (rejected by
 * Anthropic when the client sends the history back) is never produced;</li>
 * <li>{@code open}: at most one block is open; a new block closes the previous one;</li>
 * <li>terminal: {@code message_delta} (stop reason derived from content, last usage) then {@code message_stop},
 * or {@code event: error}; after either, further events are ignored.</li>
 * </ul>
 */
public final class AnthropicStreamEncoder implements StreamEncoder {

	private enum Kind {
		TEXT, THINKING, TOOL
	}

	/** A canonical block: its kind, Anthropic index once opened (-1 before), and whether it was closed. */
	private static final class Block extends OutputSlots.Slot {

		final Kind kind;

		Block(Kind kind) {
			this.kind = kind;
		}
	}

	private final String clientModel;

	private final OutputSlots<Block> blocks = new OutputSlots<>();

	private boolean started;

	private boolean deltaSent;

	private boolean finished;

	private boolean sawToolCall;

	private Usage usage;

	public AnthropicStreamEncoder(String clientModel) {
		this.clientModel = clientModel;
	}

	@Override
	public byte[] encode(StreamEvent event) {
		if (finished) {
			return null;
		}
		StringBuilder sb = new StringBuilder(160);
		if (event instanceof StreamEvent.MessageStart s) {
			if (s.usage() != null) {
				usage = s.usage();
			}
			start(sb, s.id());
		}
		else if (event instanceof StreamEvent.TextStart t) {
			blocks.declare(t.index(), new Block(Kind.TEXT));
		}
		else if (event instanceof StreamEvent.TextDelta d) {
			if (d.text() != null && !d.text().isEmpty()) {
				Block b = ensureOpen(sb, d.index(), Kind.TEXT, null, null);
				if (b != null) {
					frame(sb, "content_block_delta").append("{\"type\":\"content_block_delta\",\"index\":")
						.append(b.position()).append(",\"delta\":{\"type\":\"text_delta\",\"text\":");
					Json.quote(sb, d.text()).append("}}\n\n");
				}
			}
		}
		else if (event instanceof StreamEvent.ThinkingStart t) {
			blocks.declare(t.index(), new Block(Kind.THINKING));
		}
		else if (event instanceof StreamEvent.ThinkingDelta d) {
			thinking(sb, d);
		}
		else if (event instanceof StreamEvent.ToolCallStart t) {
			sawToolCall = true;
			ensureOpen(sb, t.index(), Kind.TOOL, ToolCallIds.forAnthropic(t.id()), t.name());
		}
		else if (event instanceof StreamEvent.ToolCallDelta d) {
			if (d.argumentsFragment() != null && !d.argumentsFragment().isEmpty()) {
				Block b = blocks.get(d.index());
				if (b != null && b == blocks.open()) {
					frame(sb, "content_block_delta").append("{\"type\":\"content_block_delta\",\"index\":")
						.append(b.position()).append(",\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":");
					Json.quote(sb, d.argumentsFragment()).append("}}\n\n");
				}
			}
		}
		else if (event instanceof StreamEvent.BlockStop s) {
			Block b = blocks.get(s.index());
			if (b != null && b == blocks.open()) {
				closeOpen(sb);
			}
		}
		else if (event instanceof StreamEvent.MessageDelta d) {
			if (d.usage() != null) {
				usage = d.usage();
			}
			messageDelta(sb, d.stopReason());
		}
		else if (event instanceof StreamEvent.MessageStop) {
			messageDelta(sb, null);
			frame(sb, "message_stop").append("{\"type\":\"message_stop\"}\n\n");
			finished = true;
		}
		else if (event instanceof StreamEvent.Error e) {
			frame(sb, "error");
			AnthropicJson.error(sb, e.error()).append("\n\n");
			finished = true;
		}
		return sb.length() == 0 ? null : sb.toString().getBytes(StandardCharsets.UTF_8);
	}

	private void start(StringBuilder sb, String id) {
		if (started) {
			return;
		}
		started = true;
		frame(sb, "message_start").append("{\"type\":\"message_start\",\"message\":{\"id\":");
		Json.quote(sb, AnthropicJson.messageId(id)).append(",\"type\":\"message\",\"role\":\"assistant\",\"model\":");
		Json.quote(sb, clientModel).append(",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,\"usage\":");
		Usage u = usage == null ? Usage.ZERO : new Usage(usage.inputTokens(), 0, usage.cacheReadTokens(),
				usage.cacheWriteTokens(), 0);
		AnthropicJson.usage(sb, u).append("}}\n\n");
	}

	private void thinking(StringBuilder sb, StreamEvent.ThinkingDelta d) {
		boolean hasText = d.text() != null && !d.text().isEmpty();
		boolean hasSignature = d.signature() != null && !d.signature().isEmpty();
		if (!hasText && !hasSignature) {
			return;
		}
		Block b = ensureOpen(sb, d.index(), Kind.THINKING, null, null);
		if (b == null) {
			return;
		}
		if (hasText) {
			frame(sb, "content_block_delta").append("{\"type\":\"content_block_delta\",\"index\":").append(b.position())
				.append(",\"delta\":{\"type\":\"thinking_delta\",\"thinking\":");
			Json.quote(sb, d.text()).append("}}\n\n");
		}
		if (hasSignature) {
			frame(sb, "content_block_delta").append("{\"type\":\"content_block_delta\",\"index\":").append(b.position())
				.append(",\"delta\":{\"type\":\"signature_delta\",\"signature\":");
			Json.quote(sb, d.signature()).append("}}\n\n");
		}
	}

	/**
	 * The open Anthropic block for canonical {@code index}, opening it (and closing the previous one) if needed.
	 * Null when that block was already closed: late fragments of a closed block cannot be sent any more.
	 */
	private Block ensureOpen(StringBuilder sb, int index, Kind kind, String toolId, String toolName) {
		start(sb, null);
		Block b = blocks.slot(index, x -> x.kind == kind, () -> new Block(kind));
		if (b == blocks.open()) {
			return b;
		}
		if (!blocks.canOpen(b)) {
			return null;
		}
		closeOpen(sb);
		blocks.open(b);
		frame(sb, "content_block_start").append("{\"type\":\"content_block_start\",\"index\":").append(b.position())
			.append(",\"content_block\":");
		switch (kind) {
			case TEXT -> sb.append("{\"type\":\"text\",\"text\":\"\"}");
			case THINKING -> sb.append("{\"type\":\"thinking\",\"thinking\":\"\",\"signature\":\"\"}");
			case TOOL -> {
				sb.append("{\"type\":\"tool_use\",\"id\":");
				Json.quote(sb, toolId).append(",\"name\":");
				Json.quote(sb, toolName).append(",\"input\":{}}");
			}
		}
		sb.append("}\n\n");
		return b;
	}

	private void closeOpen(StringBuilder sb) {
		Block closed = blocks.closeOpen();
		if (closed != null) {
			frame(sb, "content_block_stop").append("{\"type\":\"content_block_stop\",\"index\":")
				.append(closed.position()).append("}\n\n");
		}
	}

	private void messageDelta(StringBuilder sb, StopReason reason) {
		if (deltaSent) {
			return;
		}
		start(sb, null);
		closeOpen(sb);
		deltaSent = true;
		frame(sb, "message_delta").append("{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":");
		Json.quote(sb, StopReasons.toAnthropic(StopReasons.derive(reason, sawToolCall)));
		sb.append(",\"stop_sequence\":null},\"usage\":");
		AnthropicJson.usage(sb, usage).append("}\n\n");
	}

	private static StringBuilder frame(StringBuilder sb, String event) {
		return sb.append("event: ").append(event).append("\ndata: ");
	}
}
