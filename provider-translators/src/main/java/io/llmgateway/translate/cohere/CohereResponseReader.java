package io.llmgateway.translate.cohere;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.llmgateway.translate.mapping.ToolCallIds;
import io.llmgateway.translate.model.ChatResponse;
import io.llmgateway.translate.model.ContentPart;
import io.llmgateway.translate.model.StopReason;
import io.llmgateway.translate.model.Usage;
import io.llmgateway.translate.mapping.Json;
import tools.jackson.databind.JsonNode;

/**
 * A Cohere v2 chat answer → the canonical response; usage from {@code usage.tokens} (docs/translation.md, "Cohere").
 */
final class CohereResponseReader {

	private static final String PROVIDER = CohereUpstreamCodec.PROVIDER;

	private CohereResponseReader() {
	}

	static ChatResponse decode(byte[] body) {
		JsonNode root = Json.readUpstream(body, PROVIDER);
		JsonNode message = root.path("message");
		List<ContentPart> content = new ArrayList<>();
		for (JsonNode part : message.path("content")) {
			String type = Json.str(part, "type");
			if ("text".equals(type)) {
				content.add(new ContentPart.Text(Json.str(part, "text")));
			}
			else if ("thinking".equals(type)) {
				content.add(new ContentPart.Thinking(Json.str(part, "thinking"), null, false));
			}
		}
		boolean sawTool = false;
		for (JsonNode call : message.path("tool_calls")) {
			sawTool = true;
			JsonNode fn = call.path("function");
			String args = Json.str(fn, "arguments");
			content.add(new ContentPart.ToolCall(Json.str(call, "id"), Json.str(fn, "name"),
					args == null ? "{}" : args));
		}
		String id = Json.str(root, "id");
		return new ChatResponse(id != null ? id : ToolCallIds.generate("chat_"), null, content,
				stopReason(Json.str(root, "finish_reason"), sawTool), usage(root.get("usage")),
				Instant.now().getEpochSecond());
	}

	static StopReason stopReason(String reason, boolean sawTool) {
		String r = reason == null ? "" : reason.toUpperCase(Locale.ROOT);
		return switch (r) {
			case "MAX_TOKENS" -> StopReason.MAX_TOKENS;
			case "STOP_SEQUENCE" -> StopReason.STOP_SEQUENCE;
			case "TOOL_CALL" -> StopReason.TOOL_USE;
			case "CONTENT_BLOCKED" -> StopReason.CONTENT_FILTER;
			default -> sawTool ? StopReason.TOOL_USE : StopReason.END_TURN;
		};
	}

	/** {@code usage.tokens} counts what the model actually processed; billed units are the fallback. */
	static Usage usage(JsonNode usage) {
		if (usage == null || !usage.isObject()) {
			return null;
		}
		JsonNode tokens = usage.get("tokens");
		if (tokens == null || !tokens.isObject()) {
			tokens = usage.get("billed_units");
		}
		if (tokens == null || !tokens.isObject()) {
			return null;
		}
		return new Usage(Json.count(tokens, "input_tokens"), Json.count(tokens, "output_tokens"),
				0, 0, 0);
	}
}
