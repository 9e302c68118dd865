package io.llmgateway.translate.gemini;

import java.util.function.Consumer;

import io.llmgateway.translate.mapping.Json;
import io.llmgateway.translate.mapping.StopReasons;
import io.llmgateway.translate.mapping.ToolNames;
import io.llmgateway.translate.model.ContentPart;
import io.llmgateway.translate.model.ErrorType;
import io.llmgateway.translate.model.LlmError;
import io.llmgateway.translate.model.StopReason;
import io.llmgateway.translate.model.StreamEvent;
import io.llmgateway.translate.model.Usage;
import io.llmgateway.translate.stream.SseStreamDecoder;
import tools.jackson.databind.JsonNode;

/**
 * Gemini {@code streamGenerateContent?alt=sse} chunks to canonical events (docs/translation.md, "Streams"). Each SSE data is
 * a whole {@code GenerateContentResponse} holding only new parts. State: the open block (text or thinking, by
 * canonical index) that consecutive parts extend; whole function calls as start + one arguments delta + stop;
 * the last {@code usageMetadata} (running totals: replace, never add); the finish reason, held until the upstream
 * closes because Gemini has no terminal event. A close after a finish reason (or a blocked prompt) ends the stream
 * normally; a close without one is a cut stream.
 */
public final class GeminiStreamDecoder extends SseStreamDecoder {

	private enum Kind {
		TEXT, THINKING
	}

	private final ToolNames names;

	private boolean started;

	private boolean finished;

	private int nextIndex;

	private int openIndex = -1;

	private Kind openKind;

	private boolean sawToolCall;

	private StopReason finish;

	private boolean finishSeen;

	private Usage usage;

	public GeminiStreamDecoder(ToolNames names) {
		super("gemini");
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
		if (root != null && root.isArray() && root.size() == 1) {
			root = root.get(0);
		}
		if (root == null || !root.isObject()) {
			fail(sink, LlmError.of(ErrorType.BAD_GATEWAY, "The provider gemini sent an unreadable stream chunk"));
			return;
		}
		if (root.has("error")) {
			fail(sink, GeminiErrors.fromBody(0, root));
			return;
		}
		if (!started) {
			started = true;
			sink.accept(new StreamEvent.MessageStart(Json.str(root, "responseId"), Json.str(root, "modelVersion"),
					null));
		}
		Usage u = GeminiJson.usage(root.get("usageMetadata"));
		if (u != null) {
			usage = u;
		}
		JsonNode candidate = root.path("candidates").path(0);
		for (JsonNode part : candidate.path("content").path("parts")) {
			part(part, sink);
		}
		String reason = Json.str(candidate, "finishReason");
		if (reason != null) {
			finish = StopReasons.fromGemini(reason);
			finishSeen = true;
		}
		if (candidate.isMissingNode() && root.path("promptFeedback").has("blockReason")) {
			finish = StopReason.CONTENT_FILTER;
			finishSeen = true;
		}
	}

	private void part(JsonNode part, Consumer<StreamEvent> sink) {
		ContentPart p = GeminiResponseReader.part(part, names);
		if (p instanceof ContentPart.Text t) {
			int index = ensureOpen(Kind.TEXT, sink);
			sink.accept(new StreamEvent.TextDelta(index, t.text()));
		}
		else if (p instanceof ContentPart.Thinking th) {
			if (th.text() != null && !th.text().isEmpty()) {
				int index = ensureOpen(Kind.THINKING, sink);
				sink.accept(new StreamEvent.ThinkingDelta(index, th.text(), null));
			}
		}
		else if (p instanceof ContentPart.ToolCall c) {
			closeOpen(sink);
			sawToolCall = true;
			int index = nextIndex++;
			sink.accept(new StreamEvent.ToolCallStart(index, c.id(), c.name()));
			sink.accept(new StreamEvent.ToolCallDelta(index, c.argumentsJson()));
			sink.accept(new StreamEvent.BlockStop(index));
		}
	}

	private int ensureOpen(Kind kind, Consumer<StreamEvent> sink) {
		if (openIndex >= 0 && openKind == kind) {
			return openIndex;
		}
		closeOpen(sink);
		openIndex = nextIndex++;
		openKind = kind;
		sink.accept(kind == Kind.TEXT ? new StreamEvent.TextStart(openIndex) : new StreamEvent.ThinkingStart(openIndex));
		return openIndex;
	}

	private void closeOpen(Consumer<StreamEvent> sink) {
		if (openIndex >= 0) {
			sink.accept(new StreamEvent.BlockStop(openIndex));
			openIndex = -1;
			openKind = null;
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
		if (!finishSeen) {
			fail(sink, LlmError.of(ErrorType.BAD_GATEWAY, started
					? "The provider gemini closed the stream before a finish reason"
					: "The provider gemini closed the stream without sending a chunk"));
			return;
		}
		closeOpen(sink);
		finished = true;
		sink.accept(new StreamEvent.MessageDelta(StopReasons.derive(finish, sawToolCall), usage));
		sink.accept(new StreamEvent.MessageStop());
	}
}
