package io.llmgateway.translate.responses;

import io.llmgateway.translate.mapping.Json;
import io.llmgateway.translate.model.ErrorType;
import io.llmgateway.translate.model.LlmError;
import io.llmgateway.translate.model.StopReason;
import io.llmgateway.translate.model.Usage;
import tools.jackson.databind.JsonNode;

/** Pieces of the Responses wire format shared by the writers, the stream encoder and the readers. */
final class ResponsesJson {

	private ResponsesJson() {
	}

	/** A Responses id for a canonical answer id ({@code resp_...}); OpenAI's own ids are kept. */
	static String responseId(String id) {
		if (id == null || id.isEmpty()) {
			return "resp_" + Long.toHexString(System.nanoTime());
		}
		return id.startsWith("resp_") ? id : "resp_" + id;
	}

	/** A deterministic item id: {@code <prefix>_<response id without resp_>_<output index>}. */
	static String itemId(String prefix, String responseId, int outputIndex) {
		return prefix + "_" + responseId.substring(5) + "_" + outputIndex;
	}

	/** Responses usage: {@code input_tokens} includes cached tokens; canonical input excludes them. */
	static StringBuilder usage(StringBuilder sb, Usage u) {
		Usage usage = u == null ? Usage.ZERO : u;
		return sb.append("{\"input_tokens\":").append(usage.totalInputTokens())
			.append(",\"input_tokens_details\":{\"cached_tokens\":").append(usage.cacheReadTokens())
			.append("},\"output_tokens\":").append(usage.outputTokens())
			.append(",\"output_tokens_details\":{\"reasoning_tokens\":").append(usage.reasoningTokens())
			.append("},\"total_tokens\":").append(usage.totalTokens()).append('}');
	}

	static Usage usage(JsonNode usage) {
		if (usage == null || !usage.isObject()) {
			return null;
		}
		long input = Json.count(usage, "input_tokens");
		long cached = Json.count(usage.get("input_tokens_details"), "cached_tokens");
		long reasoning = Json.count(usage.get("output_tokens_details"), "reasoning_tokens");
		return new Usage(Math.max(0, input - cached), Json.count(usage, "output_tokens"), cached, 0, reasoning);
	}

	/** The status of a finished response: {@code incomplete} when the answer was cut. */
	static String status(StopReason reason) {
		return reason == StopReason.MAX_TOKENS || reason == StopReason.CONTENT_FILTER ? "incomplete" : "completed";
	}

	static StringBuilder incompleteDetails(StringBuilder sb, StopReason reason) {
		if (reason == StopReason.MAX_TOKENS) {
			return sb.append("{\"reason\":\"max_output_tokens\"}");
		}
		if (reason == StopReason.CONTENT_FILTER) {
			return sb.append("{\"reason\":\"content_filter\"}");
		}
		return sb.append("null");
	}

	/** The OpenAI error body {@code {"error":{"message","type","param","code"}}}. */
	static StringBuilder errorBody(StringBuilder sb, LlmError error) {
		sb.append("{\"error\":{\"message\":");
		Json.quote(sb, error.message()).append(",\"type\":");
		Json.quote(sb, error.type() == null ? "server_error" : error.type().openAiType()).append(",\"param\":");
		Json.quote(sb, error.param()).append(",\"code\":");
		return Json.quote(sb, error.code()).append("}}");
	}

	/** A response's {@code error} object: {@code code} is one of the Responses codes. */
	static StringBuilder responseError(StringBuilder sb, LlmError error) {
		String code = error.type() == ErrorType.RATE_LIMIT || error.type() == ErrorType.BUDGET_EXCEEDED
				? "rate_limit_exceeded" : error.type() == ErrorType.INVALID_REQUEST ? "invalid_prompt" : "server_error";
		sb.append("{\"code\":\"").append(code).append("\",\"message\":");
		return Json.quote(sb, error.message()).append('}');
	}

	/**
	 * Opens a {@code response} object and writes every field before {@code output}, echoing what the client sent
	 * (from the original request when there is one). The caller appends the output array and calls
	 * {@link #closeResponse}.
	 */
	static StringBuilder openResponse(StringBuilder sb, String id, long createdAt, String status, String model,
			ResponsesOriginal original, StopReason reason, LlmError error) {
		JsonNode root = original == null ? null : original.root();
		sb.append("{\"id\":");
		Json.quote(sb, id).append(",\"object\":\"response\",\"created_at\":").append(createdAt)
			.append(",\"status\":\"").append(status).append("\",\"background\":false,\"error\":");
		if (error != null) {
			responseError(sb, error);
		}
		else {
			sb.append("null");
		}
		incompleteDetails(sb.append(",\"incomplete_details\":"), reason).append(",\"instructions\":");
		echo(sb, root, "instructions", "null").append(",\"max_output_tokens\":");
		echo(sb, root, "max_output_tokens", "null").append(",\"metadata\":");
		echo(sb, root, "metadata", "{}").append(",\"model\":");
		Json.quote(sb, model).append(",\"parallel_tool_calls\":");
		echo(sb, root, "parallel_tool_calls", "true").append(",\"previous_response_id\":null,\"reasoning\":");
		echo(sb, root, "reasoning", "{\"effort\":null,\"summary\":null}").append(",\"store\":false,\"temperature\":");
		echo(sb, root, "temperature", "null").append(",\"text\":");
		echo(sb, root, "text", "{\"format\":{\"type\":\"text\"}}").append(",\"tool_choice\":");
		echo(sb, root, "tool_choice", "\"auto\"").append(",\"tools\":");
		echo(sb, root, "tools", "[]").append(",\"top_p\":");
		echo(sb, root, "top_p", "null").append(",\"truncation\":\"disabled\",\"user\":");
		echo(sb, root, "user", "null");
		return sb;
	}

	/** Closes a response object: {@code usage} null writes {@code null} (a response still in progress). */
	static StringBuilder closeResponse(StringBuilder sb, Usage usage) {
		if (usage == null) {
			return sb.append(",\"usage\":null}");
		}
		return usage(sb.append(",\"usage\":"), usage).append('}');
	}

	private static StringBuilder echo(StringBuilder sb, JsonNode root, String field, String fallback) {
		JsonNode v = root == null ? null : root.get(field);
		return v == null || v.isNull() && !"null".equals(fallback) ? sb.append(fallback)
				: sb.append(Json.writeString(v));
	}
}
