package io.llmgateway.translate.openai;

import io.llmgateway.translate.mapping.Json;
import io.llmgateway.translate.model.ContentPart;
import io.llmgateway.translate.model.ErrorType;
import io.llmgateway.translate.model.LlmError;
import io.llmgateway.translate.model.StopReason;
import io.llmgateway.translate.model.Usage;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Shared pieces of the OpenAI dialect: usage and finish-reason mapping, error bodies.
 */
final class OpenAiJson {

	private OpenAiJson() {
	}

	/** Appends {@code c} to an OpenAI {@code tool_calls} array (arguments {@code {}} when empty). */
	static void addToolCall(ArrayNode calls, ContentPart.ToolCall c) {
		ObjectNode call = calls.addObject();
		call.put("id", c.id());
		call.put("type", "function");
		ObjectNode fn = call.putObject("function");
		fn.put("name", c.name());
		fn.put("arguments", c.argumentsJson() == null || c.argumentsJson().isEmpty() ? "{}" : c.argumentsJson());
	}

	/** OpenAI usage: {@code prompt_tokens} includes cached (and cache-write) tokens; canonical input excludes them. */
	static Usage usage(JsonNode usage) {
		if (usage == null || !usage.isObject()) {
			return null;
		}
		long prompt = Json.count(usage, "prompt_tokens");
		long completion = Json.count(usage, "completion_tokens");
		JsonNode promptDetails = usage.get("prompt_tokens_details");
		long cached = Json.count(promptDetails, "cached_tokens");
		if (cached == 0) {
			// DeepSeek reports its cache hits beside the details object
			cached = Json.count(usage, "prompt_cache_hit_tokens");
		}
		long cacheWrite = Json.count(promptDetails, "cache_write_tokens");
		long reasoning = Json.count(usage.get("completion_tokens_details"), "reasoning_tokens");
		long input = Math.max(0, prompt - cached - cacheWrite);
		return new Usage(input, completion, cached, cacheWrite, reasoning);
	}

	static ObjectNode usageNode(Usage usage) {
		ObjectNode node = Json.NODES.objectNode();
		node.put("prompt_tokens", usage.totalInputTokens());
		node.put("completion_tokens", usage.outputTokens());
		node.put("total_tokens", usage.totalTokens());
		ObjectNode promptDetails = node.putObject("prompt_tokens_details");
		promptDetails.put("cached_tokens", usage.cacheReadTokens());
		if (usage.cacheWriteTokens() > 0) {
			promptDetails.put("cache_write_tokens", usage.cacheWriteTokens());
		}
		node.putObject("completion_tokens_details").put("reasoning_tokens", usage.reasoningTokens());
		return node;
	}

	static StopReason stopReason(String finishReason) {
		if (finishReason == null) {
			return null;
		}
		return switch (finishReason) {
			case "length" -> StopReason.MAX_TOKENS;
			case "tool_calls", "function_call" -> StopReason.TOOL_USE;
			case "content_filter" -> StopReason.CONTENT_FILTER;
			default -> StopReason.END_TURN;
		};
	}

	static String finishReason(StopReason reason) {
		if (reason == null) {
			return "stop";
		}
		return switch (reason) {
			case MAX_TOKENS -> "length";
			case TOOL_USE -> "tool_calls";
			case CONTENT_FILTER -> "content_filter";
			case END_TURN, STOP_SEQUENCE, PAUSE_TURN -> "stop";
		};
	}

	static ObjectNode errorNode(LlmError error) {
		ObjectNode root = Json.NODES.objectNode();
		ObjectNode e = root.putObject("error");
		e.put("message", error.message());
		e.put("type", error.type() == null ? "server_error" : error.type().openAiType());
		e.put("param", error.param());
		e.put("code", error.code());
		return root;
	}

	static byte[] errorBody(LlmError error) {
		return Json.MAPPER.writeValueAsBytes(errorNode(error));
	}

	/** Maps an HTTP status (and the provider's error code) onto the canonical class. */
	static ErrorType errorType(int status, String code) {
		if (code != null) {
			if (code.equals("context_length_exceeded")) {
				return ErrorType.CONTEXT_WINDOW_EXCEEDED;
			}
			if (code.equals("content_filter") || code.equals("content_policy_violation")) {
				return ErrorType.CONTENT_POLICY;
			}
		}
		return switch (status) {
			case 400, 422 -> ErrorType.INVALID_REQUEST;
			case 401 -> ErrorType.AUTHENTICATION;
			case 403 -> ErrorType.PERMISSION;
			case 404 -> ErrorType.NOT_FOUND;
			case 408, 504 -> ErrorType.TIMEOUT;
			case 413 -> ErrorType.REQUEST_TOO_LARGE;
			case 429 -> ErrorType.RATE_LIMIT;
			case 502 -> ErrorType.BAD_GATEWAY;
			case 503 -> ErrorType.UNAVAILABLE;
			case 529 -> ErrorType.OVERLOADED;
			default -> status >= 500 ? ErrorType.SERVER_ERROR : ErrorType.INVALID_REQUEST;
		};
	}

	/**
	 * Reads an error body in any of the shapes OpenAI-compatible servers use: {@code {"error":{...}}},
	 * {@code {"error":"text"}}, flat {@code {"message":...}} / {@code {"object":"error",...}}, or {@code {"detail":...}}.
	 */
	static LlmError decodeError(int status, JsonNode body, String fallbackMessage) {
		String message = null;
		String code = null;
		String param = null;
		if (body != null && body.isObject()) {
			JsonNode e = body.get("error");
			JsonNode source = e != null && e.isObject() ? e : body;
			if (e != null && e.isString()) {
				message = e.stringValue();
			}
			else {
				message = Json.str(source, "message");
				JsonNode c = source.get("code");
				code = c == null || c.isNull() ? null : c.asString();
				param = Json.str(source, "param");
			}
			if (message == null) {
				JsonNode detail = body.get("detail");
				if (detail != null && !detail.isNull()) {
					message = detail.isString() ? detail.stringValue() : detail.toString();
				}
			}
		}
		if (message == null || message.isBlank()) {
			message = fallbackMessage;
		}
		ErrorType type = errorType(status, code);
		return new LlmError(status, type, code, message, param, null);
	}
}
