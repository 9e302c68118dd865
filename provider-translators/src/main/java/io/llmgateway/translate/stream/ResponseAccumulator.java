package io.llmgateway.translate.stream;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

import io.llmgateway.translate.model.ChatResponse;
import io.llmgateway.translate.model.ContentPart;
import io.llmgateway.translate.model.LlmError;
import io.llmgateway.translate.model.StopReason;
import io.llmgateway.translate.model.StreamEvent;
import io.llmgateway.translate.model.Usage;

/**
 * Assembles canonical stream events into the complete {@link ChatResponse} they describe, so that a streamed answer
 * can be cached or logged like a plain one. Feed every event in order ({@link #accept}); {@link #response()} is
 * available once {@link StreamEvent.MessageStop} arrived and no error did. Not thread-safe: one per stream.
 */
public final class ResponseAccumulator implements Consumer<StreamEvent> {

	private String id;

	private String model;

	private final Map<Integer, Block> blocks = new TreeMap<>();

	private StopReason stopReason;

	private Usage usage;

	private boolean complete;

	private LlmError error;

	private final long created = System.currentTimeMillis() / 1000;

	private static final class Block {

		final StringBuilder text = new StringBuilder();

		StringBuilder signature;

		String toolId;

		String toolName;

		final Kind kind;

		Block(Kind kind) {
			this.kind = kind;
		}
	}

	private enum Kind {
		TEXT, THINKING, TOOL
	}

	@Override
	public void accept(StreamEvent event) {
		if (event instanceof StreamEvent.MessageStart s) {
			id = s.id();
			model = s.model();
			usage = max(usage, s.usage());
		}
		else if (event instanceof StreamEvent.TextStart s) {
			blocks.putIfAbsent(s.index(), new Block(Kind.TEXT));
		}
		else if (event instanceof StreamEvent.TextDelta d) {
			blocks.computeIfAbsent(d.index(), i -> new Block(Kind.TEXT)).text.append(d.text());
		}
		else if (event instanceof StreamEvent.ThinkingStart s) {
			blocks.putIfAbsent(s.index(), new Block(Kind.THINKING));
		}
		else if (event instanceof StreamEvent.ThinkingDelta d) {
			Block b = blocks.computeIfAbsent(d.index(), i -> new Block(Kind.THINKING));
			if (d.text() != null) {
				b.text.append(d.text());
			}
			if (d.signature() != null) {
				if (b.signature == null) {
					b.signature = new StringBuilder();
				}
				b.signature.append(d.signature());
			}
		}
		else if (event instanceof StreamEvent.ToolCallStart s) {
			Block b = new Block(Kind.TOOL);
			b.toolId = s.id();
			b.toolName = s.name();
			blocks.put(s.index(), b);
		}
		else if (event instanceof StreamEvent.ToolCallDelta d) {
			blocks.computeIfAbsent(d.index(), i -> new Block(Kind.TOOL)).text.append(d.argumentsFragment());
		}
		else if (event instanceof StreamEvent.MessageDelta d) {
			if (d.stopReason() != null) {
				stopReason = d.stopReason();
			}
			usage = max(usage, d.usage());
		}
		else if (event instanceof StreamEvent.MessageStop) {
			complete = error == null;
		}
		else if (event instanceof StreamEvent.Error e) {
			error = e.error();
			complete = false;
		}
	}

	private static Usage max(Usage current, Usage next) {
		if (next == null) {
			return current;
		}
		return current == null ? next : current.max(next);
	}

	/** True once the stream ended normally. */
	public boolean isComplete() {
		return complete;
	}

	/** The error that ended the stream, or null. */
	public LlmError error() {
		return error;
	}

	/** The usage seen so far (null when the provider sent none). */
	public Usage usage() {
		return usage;
	}

	/** The assembled answer, or null when the stream did not complete. */
	public ChatResponse response() {
		return complete ? snapshot() : null;
	}

	/** The answer as assembled so far, complete or not. */
	public ChatResponse snapshot() {
		List<ContentPart> content = new ArrayList<>(blocks.size());
		for (Block b : blocks.values()) {
			switch (b.kind) {
				case TEXT -> content.add(new ContentPart.Text(b.text.toString()));
				case THINKING -> content.add(new ContentPart.Thinking(b.text.toString(),
						b.signature == null ? null : b.signature.toString(), false));
				case TOOL -> content.add(new ContentPart.ToolCall(b.toolId, b.toolName, b.text.toString()));
			}
		}
		return new ChatResponse(id, model, content, stopReason, usage, created);
	}
}
