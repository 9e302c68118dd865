package io.llmgateway.translate.model;

/**
 * Canonical stream events: what every provider's stream decoder emits and every client encoder consumes.
 * Content blocks are numbered by {@code index} in the order they start, as in Anthropic's stream.
 */
public sealed interface StreamEvent {

	/** The stream started; {@code usage} carries the prompt tokens when the provider reports them up front. */
	record MessageStart(String id, String model, Usage usage) implements StreamEvent {
	}

	/** A text block started. */
	record TextStart(int index) implements StreamEvent {
	}

	record TextDelta(int index, String text) implements StreamEvent {
	}

	/** A tool call block started, with its id and name. */
	record ToolCallStart(int index, String id, String name) implements StreamEvent {
	}

	/** A fragment of a tool call's JSON arguments. Fragments are concatenated, never parsed one by one. */
	record ToolCallDelta(int index, String argumentsFragment) implements StreamEvent {
	}

	record ThinkingStart(int index) implements StreamEvent {
	}

	record ThinkingDelta(int index, String text, String signature) implements StreamEvent {
	}

	/** The block at {@code index} is complete. */
	record BlockStop(int index) implements StreamEvent {
	}

	/** The generation ended; usage is the final cumulative usage when known. */
	record MessageDelta(StopReason stopReason, Usage usage) implements StreamEvent {
	}

	/** The stream ended normally. Always the last event of a successful stream. */
	record MessageStop() implements StreamEvent {
	}

	/** The stream failed after it started; rendered in-band in the client's protocol, then the stream ends. */
	record Error(LlmError error) implements StreamEvent {
	}
}
