package io.llmgateway.translate.stream;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import io.llmgateway.translate.model.ChatResponse;
import io.llmgateway.translate.model.ContentPart;
import io.llmgateway.translate.model.StreamEvent;
import io.llmgateway.translate.model.Usage;

/**
 * Turns a complete canonical answer back into the canonical event sequence a provider stream would have produced,
 * so a stored answer can be served as a stream in any client protocol through that client's
 * {@link io.llmgateway.translate.codec.StreamEncoder}. The inverse of assembling a stream into a
 * {@link ChatResponse}: replaying and re-assembling yields the same content, stop reason and usage.
 * <p>
 * Each block is replayed as one start, one delta and one stop: the client receives the same text, split
 * differently than the original stream, which no protocol promises to preserve.
 */
public final class ResponseReplay {

	private ResponseReplay() {
	}

	/** True when every content part has a stream form (text, tool calls, thinking). */
	public static boolean canReplay(ChatResponse response) {
		for (ContentPart part : response.content()) {
			if (!(part instanceof ContentPart.Text || part instanceof ContentPart.ToolCall
					|| part instanceof ContentPart.Thinking)) {
				return false;
			}
		}
		return true;
	}

	/** The events of {@link #replay(ChatResponse, Consumer)} as a list. */
	public static List<StreamEvent> events(ChatResponse response) {
		List<StreamEvent> events = new ArrayList<>(3 * response.content().size() + 3);
		replay(response, events::add);
		return events;
	}

	/**
	 * Emits {@code MessageStart}, then start, delta(s) and stop for each content part in order, then
	 * {@code MessageDelta} with the stop reason and usage, then {@code MessageStop}. Parts without a stream form
	 * (see {@link #canReplay}) are skipped.
	 */
	public static void replay(ChatResponse response, Consumer<StreamEvent> sink) {
		Usage usage = response.usage();
		// Providers report the prompt side up front and the output at the end; replay the same split.
		Usage promptSide = usage == null ? null
				: new Usage(usage.inputTokens(), 0, usage.cacheReadTokens(), usage.cacheWriteTokens(), 0);
		sink.accept(new StreamEvent.MessageStart(response.id(), response.model(), promptSide));
		int index = 0;
		for (ContentPart part : response.content()) {
			if (part instanceof ContentPart.Text text) {
				sink.accept(new StreamEvent.TextStart(index));
				if (text.text() != null && !text.text().isEmpty()) {
					sink.accept(new StreamEvent.TextDelta(index, text.text()));
				}
				sink.accept(new StreamEvent.BlockStop(index));
				index++;
			}
			else if (part instanceof ContentPart.ToolCall call) {
				sink.accept(new StreamEvent.ToolCallStart(index, call.id(), call.name()));
				if (call.argumentsJson() != null && !call.argumentsJson().isEmpty()) {
					sink.accept(new StreamEvent.ToolCallDelta(index, call.argumentsJson()));
				}
				sink.accept(new StreamEvent.BlockStop(index));
				index++;
			}
			else if (part instanceof ContentPart.Thinking thinking) {
				sink.accept(new StreamEvent.ThinkingStart(index));
				boolean hasText = thinking.text() != null && !thinking.text().isEmpty();
				if (hasText) {
					sink.accept(new StreamEvent.ThinkingDelta(index, thinking.text(), null));
				}
				// Anthropic sends the signature as its own delta after the text; mirror that.
				if (thinking.signature() != null) {
					sink.accept(new StreamEvent.ThinkingDelta(index, null, thinking.signature()));
				}
				sink.accept(new StreamEvent.BlockStop(index));
				index++;
			}
		}
		sink.accept(new StreamEvent.MessageDelta(response.stopReason(), usage));
		sink.accept(new StreamEvent.MessageStop());
	}
}
