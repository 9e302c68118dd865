package io.llmgateway.translate.responses;

import io.llmgateway.translate.mapping.Json;

/** The output items of a Responses answer, written as JSON: messages, function and custom tool calls, reasoning. */
final class ResponsesItems {

	private ResponsesItems() {
	}

	static StringBuilder message(StringBuilder sb, String id, String status, String text) {
		sb.append("{\"id\":");
		Json.quote(sb, id).append(",\"type\":\"message\",\"status\":\"").append(status)
			.append("\",\"role\":\"assistant\",\"content\":[");
		if (text != null) {
			outputText(sb, text);
		}
		return sb.append("]}");
	}

	static StringBuilder outputText(StringBuilder sb, String text) {
		sb.append("{\"type\":\"output_text\",\"annotations\":[],\"logprobs\":[],\"text\":");
		return Json.quote(sb, text).append('}');
	}

	static StringBuilder functionCall(StringBuilder sb, String id, String status, String callId, String name,
			String arguments) {
		sb.append("{\"id\":");
		Json.quote(sb, id).append(",\"type\":\"function_call\",\"status\":\"").append(status).append("\",\"arguments\":");
		Json.quote(sb, arguments).append(",\"call_id\":");
		Json.quote(sb, callId).append(",\"name\":");
		return Json.quote(sb, name).append('}');
	}

	static StringBuilder customCall(StringBuilder sb, String id, String status, String callId, String name,
			String input) {
		sb.append("{\"id\":");
		Json.quote(sb, id).append(",\"type\":\"custom_tool_call\",\"status\":\"").append(status).append("\",\"call_id\":");
		Json.quote(sb, callId).append(",\"name\":");
		Json.quote(sb, name).append(",\"input\":");
		return Json.quote(sb, input).append('}');
	}

	/**
	 * A reasoning item with the provider's reasoning text as its summary ({@code null}: no summary part yet) and,
	 * when the provider signed it, the signature as {@code encrypted_content} (see {@link ReasoningCarrier}).
	 */
	static StringBuilder reasoning(StringBuilder sb, String id, String summary, String encryptedContent) {
		sb.append("{\"id\":");
		Json.quote(sb, id).append(",\"type\":\"reasoning\",\"summary\":[");
		if (summary != null && !summary.isEmpty()) {
			summaryText(sb, summary);
		}
		sb.append(']');
		if (encryptedContent != null) {
			Json.quote(sb.append(",\"encrypted_content\":"), encryptedContent);
		}
		return sb.append('}');
	}

	static StringBuilder summaryText(StringBuilder sb, String text) {
		sb.append("{\"type\":\"summary_text\",\"text\":");
		return Json.quote(sb, text).append('}');
	}
}
