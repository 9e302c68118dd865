package io.llmgateway.translate.bedrock;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

import io.llmgateway.translate.mapping.ToolCallIds;
import io.llmgateway.translate.codec.StreamDecoder;
import io.llmgateway.translate.model.ErrorType;
import io.llmgateway.translate.model.LlmError;
import io.llmgateway.translate.model.StreamEvent;
import io.llmgateway.translate.model.Usage;
import io.llmgateway.translate.mapping.Json;
import software.amazon.eventstream.Message;
import software.amazon.eventstream.MessageDecoder;
import tools.jackson.databind.JsonNode;

/**
 * Decodes a ConverseStream response ({@code application/vnd.amazon.eventstream}) into canonical events. Framing and
 * CRC checks are AWS's own {@link MessageDecoder}, which buffers frames split across reads; this class maps the
 * decoded Converse events. Bedrock reports usage in {@code metadata} after {@code messageStop}, so the final
 * {@link StreamEvent.MessageDelta} waits for it (or for the end of the stream).
 */
public final class BedrockStreamDecoder implements StreamDecoder {

	private final MessageDecoder frames = new MessageDecoder(this::onFrame);

	/** Bedrock's contentBlockIndex onto canonical indexes (in start order). */
	private final Map<Integer, Integer> blocks = new HashMap<>();

	private final Map<Integer, Kind> kinds = new HashMap<>();

	private int nextIndex;

	private Consumer<StreamEvent> sink;

	private boolean started;

	private boolean sawToolUse;

	private String stopReason;

	private boolean stopped;

	private boolean finished;

	private boolean failed;

	private enum Kind {
		TEXT, TOOL, THINKING
	}

	@Override
	public void decode(ByteBuffer chunk, Consumer<StreamEvent> sink) {
		if (failed || finished) {
			return;
		}
		this.sink = sink;
		try {
			frames.feed(chunk);
		}
		catch (RuntimeException ex) {
			// a bad prelude or message CRC: the rest of the stream cannot be trusted
			fail(LlmError.of(ErrorType.BAD_GATEWAY, "[bedrock] corrupt event-stream frame"));
		}
	}

	@Override
	public void end(Consumer<StreamEvent> sink) {
		if (failed || finished) {
			return;
		}
		this.sink = sink;
		if (stopped) {
			finish(null);
		}
		else {
			fail(LlmError.of(ErrorType.BAD_GATEWAY, "[bedrock] stream ended before messageStop"));
		}
	}

	private void onFrame(Message frame) {
		if (failed || finished) {
			return;
		}
		LlmError error = BedrockFrames.error(frame);
		if (error != null) {
			fail(error);
			return;
		}
		String eventType = BedrockFrames.header(frame, ":event-type");
		if (eventType == null) {
			return;
		}
		JsonNode payload = frame.getPayload().length == 0 ? Json.object()
				: Json.readUpstream(frame.getPayload(), BedrockUpstreamCodec.PROVIDER);
		switch (eventType) {
			case "messageStart" -> ensureStarted();
			case "contentBlockStart" -> onBlockStart(payload);
			case "contentBlockDelta" -> onBlockDelta(payload);
			case "contentBlockStop" -> onBlockStop(payload);
			case "messageStop" -> {
				ensureStarted();
				closeOpenBlocks();
				stopReason = Json.str(payload, "stopReason");
				stopped = true;
			}
			case "metadata" -> {
				Usage usage = BedrockResponseReader.usage(payload.get("usage"));
				if (stopped) {
					finish(usage);
				}
			}
			default -> {
				// unknown event types are ignored, as the SDKs do
			}
		}
	}

	private void ensureStarted() {
		if (!started) {
			started = true;
			sink.accept(new StreamEvent.MessageStart(ToolCallIds.generate("msg_bdrk_"), null, null));
		}
	}

	private void onBlockStart(JsonNode payload) {
		ensureStarted();
		int bedrockIndex = payload.path("contentBlockIndex").asInt(0);
		JsonNode use = payload.path("start").get("toolUse");
		if (use != null) {
			int index = open(bedrockIndex, Kind.TOOL);
			sawToolUse = true;
			sink.accept(new StreamEvent.ToolCallStart(index, Json.str(use, "toolUseId"),
					Json.str(use, "name")));
		}
	}

	private void onBlockDelta(JsonNode payload) {
		ensureStarted();
		int bedrockIndex = payload.path("contentBlockIndex").asInt(0);
		JsonNode delta = payload.path("delta");
		if (delta.has("text")) {
			String text = delta.get("text").asString("");
			int index = indexFor(bedrockIndex, Kind.TEXT);
			if (!text.isEmpty()) {
				sink.accept(new StreamEvent.TextDelta(index, text));
			}
		}
		else if (delta.has("toolUse")) {
			int index = indexFor(bedrockIndex, Kind.TOOL);
			String fragment = Json.str(delta.get("toolUse"), "input");
			if (fragment != null && !fragment.isEmpty()) {
				sink.accept(new StreamEvent.ToolCallDelta(index, fragment));
			}
		}
		else if (delta.has("reasoningContent")) {
			JsonNode rc = delta.get("reasoningContent");
			int index = indexFor(bedrockIndex, Kind.THINKING);
			String text = Json.str(rc, "text");
			String signature = Json.str(rc, "signature");
			if (signature == null) {
				signature = Json.str(rc, "redactedContent");
			}
			if (text != null || signature != null) {
				sink.accept(new StreamEvent.ThinkingDelta(index, text, signature));
			}
		}
	}

	private void onBlockStop(JsonNode payload) {
		int bedrockIndex = payload.path("contentBlockIndex").asInt(0);
		Integer index = blocks.remove(bedrockIndex);
		if (index != null) {
			kinds.remove(bedrockIndex);
			sink.accept(new StreamEvent.BlockStop(index));
		}
	}

	/** The canonical index of a block, opening it implicitly: text and reasoning blocks have no start event. */
	private int indexFor(int bedrockIndex, Kind kind) {
		Integer index = blocks.get(bedrockIndex);
		if (index != null) {
			return index;
		}
		int opened = open(bedrockIndex, kind);
		if (kind == Kind.TEXT) {
			sink.accept(new StreamEvent.TextStart(opened));
		}
		else if (kind == Kind.THINKING) {
			sink.accept(new StreamEvent.ThinkingStart(opened));
		}
		else {
			// a tool delta without its start: announce the block so clients can still attach the fragments
			sink.accept(new StreamEvent.ToolCallStart(opened, ToolCallIds.generate("tooluse_"), null));
		}
		return opened;
	}

	private int open(int bedrockIndex, Kind kind) {
		int index = nextIndex++;
		blocks.put(bedrockIndex, index);
		kinds.put(bedrockIndex, kind);
		return index;
	}

	private void closeOpenBlocks() {
		blocks.values().stream().sorted().forEach(i -> sink.accept(new StreamEvent.BlockStop(i)));
		blocks.clear();
		kinds.clear();
	}

	private void finish(Usage usage) {
		finished = true;
		sink.accept(new StreamEvent.MessageDelta(BedrockResponseReader.stopReason(stopReason, sawToolUse), usage));
		sink.accept(new StreamEvent.MessageStop());
	}

	private void fail(LlmError error) {
		failed = true;
		sink.accept(new StreamEvent.Error(error));
	}


}
