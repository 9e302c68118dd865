package io.llmgateway.translate.anthropic;

import java.util.List;

import io.llmgateway.translate.model.ChatRequest;
import io.llmgateway.translate.model.ContentPart;
import io.llmgateway.translate.model.Message;
import io.llmgateway.translate.model.ToolDefinition;
import tools.jackson.databind.JsonNode;

/**
 * An Anthropic client's request as received, kept for an Anthropic upstream: sending the client's own JSON (with the
 * model and parameters from the canonical request) keeps what the canonical model has no field for, above all
 * {@code cache_control} breakpoints, which decide the prompt-caching bill of agents such as Claude Code. Used only
 * while no filter replaced a message, the system prompt or a tool (checked by identity, which is cheap and exact
 * because canonical messages are immutable records).
 */
record AnthropicOriginal(JsonNode root, List<Message> messages, List<ContentPart> system, List<ToolDefinition> tools) {

	static AnthropicOriginal of(JsonNode root, ChatRequest request) {
		return new AnthropicOriginal(root, List.copyOf(request.messages()), List.copyOf(request.system()),
				List.copyOf(request.tools()));
	}

	/** Whether the canonical content still is exactly what was decoded. */
	boolean matches(ChatRequest request) {
		return sameElements(messages, request.messages()) && sameElements(system, request.system())
				&& sameElements(tools, request.tools());
	}

	private static boolean sameElements(List<?> a, List<?> b) {
		if (a.size() != b.size()) {
			return false;
		}
		for (int i = 0; i < a.size(); i++) {
			if (a.get(i) != b.get(i)) {
				return false;
			}
		}
		return true;
	}
}
