package io.llmgateway.gateway.support.mock;

import java.util.HashSet;
import java.util.Set;

import java.util.function.Function;

import io.llmgateway.gateway.support.mock.MockProvider.Received;
import tools.jackson.databind.JsonNode;

/**
 * Mock providers that check each request the way the real API does and answer a violation with that provider's
 * 400 before the scripted behaviour; every request, accepted or not, is recorded.
 */
public final class StrictProviders {

	private StrictProviders() {
	}

	/**
	 * @param validator returns null when the request is acceptable, else the error message
	 * @param invalidBody renders a validation error message as this provider's 400 body
	 */
	static MockProvider validating(Function<Received, String> validator, Function<String, String> invalidBody) {
		return new MockProvider().check(r -> {
			String problem = validator.apply(r);
			return problem == null ? null : Replies.json(400, invalidBody.apply(problem));
		}, MockProvider.Record.ALL);
	}

	/** Anthropic: x-api-key and anthropic-version required; max_tokens required (refused by count_tokens);
	 * user/assistant roles alternating, system messages anywhere (SystemMessageParam); no empty text blocks; every
	 * tool_use answered first thing in the next user turn. */
	public static MockProvider anthropic() {
		return validating(r -> {
			boolean count = r.path().equals("/v1/messages/count_tokens");
			if (!r.path().equals("/v1/messages") && !count) {
				return "unexpected path " + r.path();
			}
			if (r.headers().get("x-api-key") == null || r.headers().get("anthropic-version") == null) {
				return "missing x-api-key or anthropic-version";
			}
			JsonNode b = r.json();
			if (count && (b.has("max_tokens") || b.has("stream") || b.has("metadata"))) {
				return "max_tokens: Extra inputs are not permitted";
			}
			if (!count && !b.has("max_tokens")) {
				return "max_tokens: Field required";
			}
			String previous = null;
			Set<String> pendingToolUses = new HashSet<>();
			for (JsonNode m : b.path("messages")) {
				String role = m.path("role").asString("");
				if (role.equals("system")) {
					continue;
				}
				if (!role.equals("user") && !role.equals("assistant")) {
					return "messages: Unexpected role \"" + role + "\"";
				}
				if (role.equals(previous)) {
					return "messages: roles must alternate between \"user\" and \"assistant\"";
				}
				previous = role;
				JsonNode content = m.get("content");
				if (content.isString() && content.stringValue().isBlank()) {
					return "messages: text content blocks must be non-empty";
				}
				boolean leading = true;
				for (JsonNode block : content.isArray() ? content : JSON_EMPTY) {
					String type = block.path("type").asString("");
					if (type.equals("text") && block.path("text").asString("").isBlank()) {
						return "messages: text content blocks must be non-empty";
					}
					if (type.equals("tool_result")) {
						if (!leading || !pendingToolUses.remove(block.path("tool_use_id").asString(""))) {
							return "messages: unexpected tool_result block";
						}
						if (!block.path("tool_use_id").asString("").matches("^[a-zA-Z0-9_-]+$")) {
							return "tool_use_id: String should match pattern";
						}
					}
					else {
						leading = false;
					}
				}
				if (role.equals("user") && !pendingToolUses.isEmpty()) {
					return "messages: tool_use ids were found without tool_result blocks immediately after";
				}
				if (role.equals("assistant") && content.isArray()) {
					for (JsonNode block : content) {
						if (block.path("type").asString("").equals("tool_use")) {
							pendingToolUses.add(block.path("id").asString(""));
						}
					}
				}
			}
			return null;
		}, message -> "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":"
				+ MockProvider.JSON.writeValueAsString(message) + "}}");
	}

	/** Gemini: x-goog-api-key required; roles user/model only; function responses named. */
	public static MockProvider gemini() {
		return validating(r -> {
			if (!r.path().startsWith("/v1beta/models/")) {
				return "unexpected path " + r.path();
			}
			if (r.headers().get("x-goog-api-key") == null) {
				return "Method doesn't allow unregistered callers";
			}
			for (JsonNode c : r.json().path("contents")) {
				String role = c.path("role").asString("");
				if (!role.equals("user") && !role.equals("model")) {
					return "Please use a valid role: user, model.";
				}
				for (JsonNode p : c.path("parts")) {
					if (p.has("functionResponse") && p.path("functionResponse").path("name").asString("").isEmpty()) {
						return "functionResponse.name is required";
					}
				}
			}
			return null;
		}, message -> "{\"error\":{\"code\":400,\"message\":" + MockProvider.JSON.writeValueAsString(message)
				+ ",\"status\":\"INVALID_ARGUMENT\"}}");
	}

	/** OpenAI: Bearer key; known roles; every tool message answers a tool call of the previous assistant turn. */
	public static MockProvider openAi() {
		return validating(r -> {
			if (!r.path().equals("/v1/chat/completions")) {
				return "unexpected path " + r.path();
			}
			if (!r.headers().getOrDefault("authorization", "").startsWith("Bearer ")) {
				return "You didn't provide an API key.";
			}
			Set<String> calls = new HashSet<>();
			for (JsonNode m : r.json().path("messages")) {
				String role = m.path("role").asString("");
				if (!Set.of("system", "developer", "user", "assistant", "tool").contains(role)) {
					return "Invalid value: '" + role + "'";
				}
				for (JsonNode tc : m.path("tool_calls")) {
					calls.add(tc.path("id").asString(""));
				}
				if (role.equals("tool") && !calls.contains(m.path("tool_call_id").asString(""))) {
					return "Invalid parameter: messages with role 'tool' must be a response to a preceeding message "
							+ "with 'tool_calls'.";
				}
			}
			return null;
		}, message -> "{\"error\":{\"message\":" + MockProvider.JSON.writeValueAsString(message)
				+ ",\"type\":\"invalid_request_error\",\"param\":null,\"code\":null}}");
	}

	/** Vertex or Bedrock: accepts everything, for checks of what they received. */
	public static MockProvider permissive() {
		return validating(r -> null, message -> "{\"error\":{\"message\":\"" + message + "\"}}");
	}

	/** OpenAI's Responses API: Bearer key, {@code input} present, every function_call_output answers a call. */
	public static MockProvider openAiResponses() {
		return validating(r -> {
			if (!r.path().equals("/v1/responses")) {
				return "unexpected path " + r.path();
			}
			if (!r.headers().getOrDefault("authorization", "").startsWith("Bearer ")) {
				return "You didn't provide an API key.";
			}
			if (!r.json().has("input") && !r.json().has("previous_response_id")) {
				return "Missing required parameter: 'input'.";
			}
			Set<String> calls = new HashSet<>();
			for (JsonNode item : r.json().path("input")) {
				String type = item.path("type").asString("message");
				if (type.equals("function_call") || type.equals("custom_tool_call")) {
					calls.add(item.path("call_id").asString(""));
				}
				if ((type.equals("function_call_output") || type.equals("custom_tool_call_output"))
						&& !calls.contains(item.path("call_id").asString(""))) {
					return "No tool call found for function call output with call_id "
							+ item.path("call_id").asString("");
				}
			}
			return null;
		}, message -> "{\"error\":{\"message\":" + MockProvider.JSON.writeValueAsString(message)
				+ ",\"type\":\"invalid_request_error\",\"param\":null,\"code\":null}}");
	}

	private static final JsonNode JSON_EMPTY = MockProvider.JSON.createArrayNode();
}
