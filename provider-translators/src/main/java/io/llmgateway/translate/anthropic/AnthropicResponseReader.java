package io.llmgateway.translate.anthropic;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.llmgateway.translate.mapping.Json;
import io.llmgateway.translate.mapping.StopReasons;
import io.llmgateway.translate.mapping.ToolNames;
import io.llmgateway.translate.model.ChatResponse;
import io.llmgateway.translate.model.ContentPart;
import io.llmgateway.translate.model.ErrorType;
import io.llmgateway.translate.model.LlmError;
import io.llmgateway.translate.model.LlmException;
import io.llmgateway.translate.model.StopReason;
import tools.jackson.databind.JsonNode;

/** Reads an Anthropic {@code message} into the canonical answer; server-tool blocks are left out. */
final class AnthropicResponseReader {

	private AnthropicResponseReader() {
	}

	static ChatResponse read(byte[] body, ToolNames names) {
		JsonNode root = Json.tryRead(body);
		if (root == null || !root.isObject()) {
			throw new LlmException(LlmError.of(ErrorType.BAD_GATEWAY, "The provider anthropic sent an unreadable response"));
		}
		if ("error".equals(Json.str(root, "type"))) {
			throw new LlmException(AnthropicErrors.fromBody(500, root));
		}
		List<ContentPart> content = new ArrayList<>();
		for (JsonNode block : root.path("content")) {
			String type = Json.str(block, "type");
			if (type == null) {
				continue;
			}
			switch (type) {
				case "text" -> content.add(new ContentPart.Text(Json.str(block, "text")));
				case "tool_use" -> content.add(new ContentPart.ToolCall(Json.str(block, "id"),
						names.toClient(Json.str(block, "name")),
						block.has("input") ? Json.writeString(block.get("input")) : "{}"));
				case "thinking" -> content.add(new ContentPart.Thinking(Json.str(block, "thinking"),
						Json.str(block, "signature"), false));
				case "redacted_thinking" -> content.add(new ContentPart.Thinking(null, Json.str(block, "data"), true));
				default -> {
					// server tool blocks and future block types have no client-side equivalent
				}
			}
		}
		StopReason reason = StopReasons.derive(StopReasons.fromAnthropic(Json.str(root, "stop_reason")),
				StopReasons.hasToolCalls(content));
		return new ChatResponse(Json.str(root, "id"), Json.str(root, "model"), content, reason,
				AnthropicJson.readUsage(root.get("usage")), Instant.now().getEpochSecond());
	}
}
