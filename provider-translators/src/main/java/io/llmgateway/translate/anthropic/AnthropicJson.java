package io.llmgateway.translate.anthropic;

import io.llmgateway.translate.mapping.Json;
import io.llmgateway.translate.model.LlmError;
import io.llmgateway.translate.model.Usage;
import tools.jackson.databind.JsonNode;

/** Anthropic-dialect JSON fragments shared by the response writer and the stream encoder. */
final class AnthropicJson {

	private AnthropicJson() {
	}

	/** Usage as Anthropic reports it: {@code input_tokens} excludes cache reads and writes. */
	static StringBuilder usage(StringBuilder sb, Usage u) {
		Usage usage = u == null ? Usage.ZERO : u;
		return sb.append("{\"input_tokens\":").append(usage.inputTokens())
			.append(",\"cache_creation_input_tokens\":").append(usage.cacheWriteTokens())
			.append(",\"cache_read_input_tokens\":").append(usage.cacheReadTokens())
			.append(",\"output_tokens\":").append(usage.outputTokens())
			.append('}');
	}

	/** Usage from an Anthropic {@code usage} object; absent fields count as zero. */
	static Usage readUsage(JsonNode u) {
		if (u == null || u.isNull()) {
			return null;
		}
		return new Usage(Json.count(u, "input_tokens"), Json.count(u, "output_tokens"),
				Json.count(u, "cache_read_input_tokens"), Json.count(u, "cache_creation_input_tokens"),
				Json.count(u.get("output_tokens_details"), "thinking_tokens"));
	}

	/** Overwrites the fields {@code u} carries (message_delta usage is cumulative: replace, never add). */
	static Usage overwrite(Usage base, JsonNode u) {
		Usage b = base == null ? Usage.ZERO : base;
		if (u == null || u.isNull()) {
			return b;
		}
		return new Usage(pick(u, "input_tokens", b.inputTokens()), pick(u, "output_tokens", b.outputTokens()),
				pick(u, "cache_read_input_tokens", b.cacheReadTokens()),
				pick(u, "cache_creation_input_tokens", b.cacheWriteTokens()),
				pick(u.get("output_tokens_details"), "thinking_tokens", b.reasoningTokens()));
	}

	private static long pick(JsonNode node, String field, long fallback) {
		Long v = Json.lng(node, field);
		return v == null ? fallback : v;
	}

	/** The error object body: {@code {"type":"error","error":{"type":...,"message":...}}}. */
	static StringBuilder error(StringBuilder sb, LlmError error) {
		sb.append("{\"type\":\"error\",\"error\":{\"type\":");
		Json.quote(sb, error.type().anthropicType()).append(",\"message\":");
		return Json.quote(sb, error.message() == null ? error.type().anthropicType() : error.message()).append("}}");
	}

	/** Anthropic message ids start with {@code msg_}. */
	static String messageId(String id) {
		if (id == null || id.isEmpty()) {
			return "msg_gw";
		}
		return id.startsWith("msg_") ? id : "msg_" + id;
	}
}
