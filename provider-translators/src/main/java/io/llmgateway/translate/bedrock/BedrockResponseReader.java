package io.llmgateway.translate.bedrock;

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

/** A Bedrock Converse answer → the canonical response (docs/translation.md, "Bedrock"). */
final class BedrockResponseReader {

	private static final String PROVIDER = BedrockUpstreamCodec.PROVIDER;

	private BedrockResponseReader() {
	}

	static ChatResponse decode(byte[] body) {
		JsonNode root = Json.readUpstream(body, PROVIDER);
		List<ContentPart> content = new ArrayList<>();
		boolean sawToolUse = false;
		for (JsonNode block : root.path("output").path("message").path("content")) {
			if (block.has("text")) {
				content.add(new ContentPart.Text(block.get("text").asString("")));
			}
			else if (block.has("toolUse")) {
				JsonNode use = block.get("toolUse");
				sawToolUse = true;
				content.add(new ContentPart.ToolCall(Json.str(use, "toolUseId"), Json.str(use, "name"),
						Json.argumentsText(use.get("input"))));
			}
			else if (block.has("reasoningContent")) {
				JsonNode rc = block.get("reasoningContent");
				if (rc.has("reasoningText")) {
					content.add(new ContentPart.Thinking(Json.str(rc.get("reasoningText"), "text"),
							Json.str(rc.get("reasoningText"), "signature"), false));
				}
				else if (rc.has("redactedContent")) {
					content.add(new ContentPart.Thinking(null, Json.str(rc, "redactedContent"), true));
				}
			}
		}
		StopReason stop = stopReason(Json.str(root, "stopReason"), sawToolUse);
		return new ChatResponse(ToolCallIds.generate("msg_bdrk_"), null, content, stop, usage(root.get("usage")),
				Instant.now().getEpochSecond());
	}

	static StopReason stopReason(String reason, boolean sawToolUse) {
		if (reason == null) {
			return sawToolUse ? StopReason.TOOL_USE : StopReason.END_TURN;
		}
		return switch (reason) {
			case "tool_use" -> StopReason.TOOL_USE;
			case "max_tokens", "model_context_window_exceeded" -> StopReason.MAX_TOKENS;
			case "stop_sequence" -> StopReason.STOP_SEQUENCE;
			case "guardrail_intervened", "content_filtered" -> StopReason.CONTENT_FILTER;
			default -> sawToolUse ? StopReason.TOOL_USE : StopReason.END_TURN;
		};
	}

	/** Bedrock's {@code inputTokens} already excludes cache reads and writes, as the canonical record does. */
	static Usage usage(JsonNode u) {
		if (u == null || !u.isObject()) {
			return null;
		}
		return new Usage(Json.count(u, "inputTokens"), Json.count(u, "outputTokens"),
				Json.count(u, "cacheReadInputTokens"), Json.count(u, "cacheWriteInputTokens"),
				0);
	}
}
