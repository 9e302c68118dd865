package io.llmgateway.translate.responses;

import java.util.ArrayList;
import java.util.List;

import io.llmgateway.translate.mapping.Json;
import io.llmgateway.translate.model.ChatResponse;
import io.llmgateway.translate.model.ContentPart;
import io.llmgateway.translate.model.StopReason;
import tools.jackson.databind.JsonNode;

/**
 * Reads an OpenAI {@code response} object into the canonical answer: message text, function and custom tool calls
 * (a custom call's free text wrapped as the {@code input} argument), reasoning summaries as thinking; an
 * {@code incomplete} response keeps its reason. Used to observe and cache native answers and in tests.
 */
final class ResponsesResponseReader {

	private ResponsesResponseReader() {
	}

	static ChatResponse read(byte[] body) {
		return read(Json.readBody(body));
	}

	static ChatResponse read(JsonNode root) {
		List<ContentPart> content = new ArrayList<>();
		boolean toolCalls = false;
		for (JsonNode item : root.path("output")) {
			String type = Json.str(item, "type");
			if (type == null) {
				continue;
			}
			switch (type) {
				case "message" -> {
					for (JsonNode part : item.path("content")) {
						String text = "refusal".equals(Json.str(part, "type")) ? Json.str(part, "refusal")
								: Json.str(part, "text");
						if (text != null) {
							content.add(new ContentPart.Text(text));
						}
					}
				}
				case "function_call" -> {
					toolCalls = true;
					String args = Json.str(item, "arguments");
					content.add(new ContentPart.ToolCall(Json.str(item, "call_id"), Json.str(item, "name"),
							args == null ? "{}" : args));
				}
				case "custom_tool_call" -> {
					toolCalls = true;
					String input = Json.str(item, "input");
					content.add(new ContentPart.ToolCall(Json.str(item, "call_id"), Json.str(item, "name"),
							CustomTools.argumentsOf(input == null ? "" : input)));
				}
				case "reasoning" -> {
					StringBuilder text = new StringBuilder();
					for (JsonNode s : item.path("summary")) {
						String t = Json.str(s, "text");
						if (t != null) {
							text.append(t);
						}
					}
					if (!text.isEmpty()) {
						content.add(new ContentPart.Thinking(text.toString(), null, false));
					}
				}
				default -> {
					// hosted tool calls (web search, ...) happened at OpenAI; nothing for the canonical answer
				}
			}
		}
		Long created = Json.lng(root, "created_at");
		return new ChatResponse(Json.str(root, "id"), Json.str(root, "model"), content,
				stopReason(root, toolCalls), ResponsesJson.usage(root.get("usage")), created == null ? 0 : created);
	}

	static StopReason stopReason(JsonNode response, boolean toolCalls) {
		if ("incomplete".equals(Json.str(response, "status"))) {
			String reason = Json.str(response.get("incomplete_details"), "reason");
			return "content_filter".equals(reason) ? StopReason.CONTENT_FILTER : StopReason.MAX_TOKENS;
		}
		return toolCalls ? StopReason.TOOL_USE : StopReason.END_TURN;
	}
}
