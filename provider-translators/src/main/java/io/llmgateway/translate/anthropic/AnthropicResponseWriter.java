package io.llmgateway.translate.anthropic;

import java.nio.charset.StandardCharsets;

import io.llmgateway.translate.mapping.Json;
import io.llmgateway.translate.mapping.StopReasons;
import io.llmgateway.translate.mapping.ToolCallIds;
import io.llmgateway.translate.model.ChatResponse;
import io.llmgateway.translate.model.ContentPart;

/**
 * Writes a canonical answer as an Anthropic {@code message}: no empty text blocks, tool calls as {@code tool_use}
 * blocks with object inputs, the stop reason derived from the content.
 */
final class AnthropicResponseWriter {

	private AnthropicResponseWriter() {
	}

	static byte[] write(ChatResponse response, String clientModel) {
		StringBuilder sb = new StringBuilder(512);
		sb.append("{\"id\":");
		Json.quote(sb, AnthropicJson.messageId(response.id()));
		sb.append(",\"type\":\"message\",\"role\":\"assistant\",\"model\":");
		Json.quote(sb, clientModel != null ? clientModel : response.model());
		sb.append(",\"content\":[");
		boolean first = true;
		for (ContentPart part : response.content()) {
			int mark = sb.length();
			if (!first) {
				sb.append(',');
			}
			if (block(sb, part)) {
				first = false;
			}
			else {
				sb.setLength(mark);
			}
		}
		sb.append("],\"stop_reason\":");
		Json.quote(sb, StopReasons.toAnthropic(
				StopReasons.derive(response.stopReason(), StopReasons.hasToolCalls(response.content()))));
		sb.append(",\"stop_sequence\":null,\"usage\":");
		AnthropicJson.usage(sb, response.usage());
		sb.append('}');
		return sb.toString().getBytes(StandardCharsets.UTF_8);
	}

	/** Appends one content block; false when the part has no Anthropic form here (it is left out). */
	private static boolean block(StringBuilder sb, ContentPart part) {
		if (part instanceof ContentPart.Text t) {
			if (t.text() == null || t.text().isEmpty()) {
				return false;
			}
			sb.append("{\"type\":\"text\",\"text\":");
			Json.quote(sb, t.text()).append('}');
			return true;
		}
		if (part instanceof ContentPart.ToolCall c) {
			sb.append("{\"type\":\"tool_use\",\"id\":");
			Json.quote(sb, ToolCallIds.forAnthropic(c.id())).append(",\"name\":");
			Json.quote(sb, c.name()).append(",\"input\":");
			sb.append(Json.writeString(Json.argumentsObject(c.argumentsJson()))).append('}');
			return true;
		}
		if (part instanceof ContentPart.Thinking th) {
			if (th.redacted()) {
				sb.append("{\"type\":\"redacted_thinking\",\"data\":");
				Json.quote(sb, th.signature()).append('}');
				return true;
			}
			sb.append("{\"type\":\"thinking\",\"thinking\":");
			Json.quote(sb, th.text() == null ? "" : th.text()).append(",\"signature\":");
			Json.quote(sb, th.signature() == null ? "" : th.signature()).append('}');
			return true;
		}
		return false;
	}
}
