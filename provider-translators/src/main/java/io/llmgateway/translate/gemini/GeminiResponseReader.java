package io.llmgateway.translate.gemini;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.llmgateway.translate.mapping.Json;
import io.llmgateway.translate.mapping.StopReasons;
import io.llmgateway.translate.mapping.ToolCallIds;
import io.llmgateway.translate.mapping.ToolNames;
import io.llmgateway.translate.model.ChatResponse;
import io.llmgateway.translate.model.ContentPart;
import io.llmgateway.translate.model.ErrorType;
import io.llmgateway.translate.model.LlmError;
import io.llmgateway.translate.model.LlmException;
import io.llmgateway.translate.model.StopReason;
import tools.jackson.databind.JsonNode;

/**
 * Reads a Gemini {@code GenerateContentResponse}: the first candidate's parts, tool calls with synthesized ids
 * (carrying the thought signature), the stop reason derived from content ({@code STOP} with function calls is a
 * tool stop), a blocked prompt as an empty content-filtered answer.
 */
final class GeminiResponseReader {

	private GeminiResponseReader() {
	}

	static ChatResponse read(byte[] body, ToolNames names) {
		JsonNode root = Json.tryRead(body);
		if (root != null && root.isArray() && !root.isEmpty()) {
			root = root.get(0);
		}
		if (root == null || !root.isObject()) {
			throw new LlmException(LlmError.of(ErrorType.BAD_GATEWAY, "The provider gemini sent an unreadable response"));
		}
		if (root.has("error")) {
			throw new LlmException(GeminiErrors.fromBody(0, root));
		}
		List<ContentPart> content = new ArrayList<>();
		JsonNode candidate = root.path("candidates").path(0);
		StopReason reason = StopReasons.fromGemini(Json.str(candidate, "finishReason"));
		for (JsonNode part : candidate.path("content").path("parts")) {
			ContentPart p = part(part, names);
			if (p != null) {
				content.add(p);
			}
		}
		if (candidate.isMissingNode() && root.path("promptFeedback").has("blockReason")) {
			reason = StopReason.CONTENT_FILTER;
		}
		reason = StopReasons.derive(reason, StopReasons.hasToolCalls(content));
		return new ChatResponse(Json.str(root, "responseId"), Json.str(root, "modelVersion"), content, reason,
				GeminiJson.usage(root.get("usageMetadata")), Instant.now().getEpochSecond());
	}

	/** One Gemini part as a canonical part, or null for parts with no client-side form. */
	static ContentPart part(JsonNode part, ToolNames names) {
		JsonNode call = part.get("functionCall");
		if (call != null) {
			String id = Json.str(call, "id");
			String signature = Json.str(part, "thoughtSignature");
			if (id == null || signature != null) {
				id = ToolCallIds.generateWithSignature("call_", signature);
			}
			JsonNode args = call.get("args");
			return new ContentPart.ToolCall(id, names.toClient(Json.str(call, "name")),
					args == null || args.isNull() ? "{}" : Json.writeString(args));
		}
		String text = Json.str(part, "text");
		if (text == null) {
			return null;
		}
		if (part.path("thought").asBoolean(false)) {
			return new ContentPart.Thinking(text, null, false);
		}
		return text.isEmpty() ? null : new ContentPart.Text(text);
	}
}
