package io.llmgateway.translate.responses;

import java.util.List;

import io.llmgateway.translate.model.ChatRequest;
import io.llmgateway.translate.model.ContentPart;
import io.llmgateway.translate.model.Message;
import io.llmgateway.translate.model.ToolDefinition;
import tools.jackson.databind.JsonNode;

/**
 * A Responses client's request as received: the body OpenAI and Azure get (only the model replaced), and what the
 * client encoders echo in the {@code response} object (tools, instructions, metadata) and need to recognise custom
 * tool calls. The pass-through is used only while no filter replaced a message, the system prompt or a tool (checked
 * by identity, exact because canonical messages are immutable records).
 */
record ResponsesOriginal(JsonNode root, CustomTools custom, List<Message> messages, List<ContentPart> system,
		List<ToolDefinition> tools) {

	static ResponsesOriginal of(JsonNode root, ChatRequest request, CustomTools custom) {
		return new ResponsesOriginal(root, custom, List.copyOf(request.messages()), List.copyOf(request.system()),
				List.copyOf(request.tools()));
	}

	static ResponsesOriginal of(ChatRequest request) {
		return request != null && request.original() instanceof ResponsesOriginal o ? o : null;
	}

	static CustomTools customOf(ChatRequest request) {
		ResponsesOriginal o = of(request);
		return o == null ? CustomTools.NONE : o.custom();
	}

	/** Whether the canonical content still is exactly what was decoded. */
	boolean matches(ChatRequest request) {
		return same(messages, request.messages()) && same(system, request.system()) && same(tools, request.tools());
	}

	private static boolean same(List<?> a, List<?> b) {
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
