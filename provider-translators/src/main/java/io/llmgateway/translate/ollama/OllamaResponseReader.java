package io.llmgateway.translate.ollama;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.llmgateway.translate.mapping.ToolCallIds;
import io.llmgateway.translate.model.ChatResponse;
import io.llmgateway.translate.model.ContentPart;
import io.llmgateway.translate.model.StopReason;
import io.llmgateway.translate.model.Usage;
import io.llmgateway.translate.mapping.Json;
import tools.jackson.databind.JsonNode;

/** An Ollama {@code /api/chat} answer → the canonical response (docs/translation.md, "Ollama"). */
final class OllamaResponseReader {

	private static final String PROVIDER = OllamaUpstreamCodec.PROVIDER;

	private OllamaResponseReader() {
	}

	static ChatResponse decode(byte[] body) {
		JsonNode root = Json.readUpstream(body, PROVIDER);
		JsonNode message = root.path("message");
		List<ContentPart> content = new ArrayList<>();
		String thinking = Json.str(message, "thinking");
		if (thinking != null && !thinking.isEmpty()) {
			content.add(new ContentPart.Thinking(thinking, null, false));
		}
		String text = Json.str(message, "content");
		if (text != null && !text.isEmpty()) {
			content.add(new ContentPart.Text(text));
		}
		boolean sawTool = false;
		for (JsonNode call : message.path("tool_calls")) {
			sawTool = true;
			content.add(toolCall(call));
		}
		return new ChatResponse(ToolCallIds.generate("chatcmpl-ollama-"), Json.str(root, "model"), content,
				stopReason(Json.str(root, "done_reason"), sawTool), usage(root),
				Instant.now().getEpochSecond());
	}

	static ContentPart.ToolCall toolCall(JsonNode call) {
		JsonNode fn = call.path("function");
		String id = Json.str(call, "id");
		return new ContentPart.ToolCall(id != null ? id : ToolCallIds.generate("call_"), Json.str(fn, "name"),
				argumentsText(fn.get("arguments")));
	}

	/** Ollama sends arguments as an object; some OpenAI-minded models put a JSON string there instead. */
	private static String argumentsText(JsonNode arguments) {
		if (arguments != null && arguments.isString()) {
			return arguments.stringValue();
		}
		return Json.argumentsText(arguments);
	}

	static StopReason stopReason(String doneReason, boolean sawTool) {
		if ("length".equals(doneReason)) {
			return StopReason.MAX_TOKENS;
		}
		return sawTool ? StopReason.TOOL_USE : StopReason.END_TURN;
	}

	static Usage usage(JsonNode root) {
		if (!root.has("prompt_eval_count") && !root.has("eval_count")) {
			return null;
		}
		return new Usage(Json.count(root, "prompt_eval_count"), Json.count(root, "eval_count"),
				0, 0, 0);
	}
}
