package io.llmgateway.translate.anthropic;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.llmgateway.translate.mapping.Json;
import io.llmgateway.translate.mapping.ToolNames;
import io.llmgateway.translate.model.ChatRequest;
import io.llmgateway.translate.model.ToolChoice;
import io.llmgateway.translate.model.ToolDefinition;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code tools} and {@code tool_choice} of an Anthropic request: function tools with valid names and an object
 * {@code input_schema}, tools the history uses kept declared, and the tool choice mapped (docs/translation.md,
 * "Tools").
 */
final class AnthropicToolDefinitions {

	private AnthropicToolDefinitions() {
	}

	static void write(ObjectNode root, ChatRequest request, ToolNames names, Set<String> historyTools) {
		ToolChoice choice = request.toolChoice();
		Map<String, ObjectNode> tools = new LinkedHashMap<>();
		for (ToolDefinition t : request.tools()) {
			ObjectNode tool = Json.object();
			String name = names.toUpstream(t.name());
			tool.put("name", name);
			if (t.description() != null) {
				tool.put("description", t.description());
			}
			tool.set("input_schema", inputSchema(t.parameters()));
			if (t.strict() != null) {
				tool.put("strict", t.strict());
			}
			tools.put(name, tool);
		}
		boolean stubbed = false;
		if (tools.isEmpty() && !historyTools.isEmpty()) {
			// tool blocks in history but no tools: stub definitions keep the history valid; the model may not call them
			for (String name : historyTools) {
				ObjectNode tool = Json.object();
				tool.put("name", name);
				tool.set("input_schema", inputSchema(null));
				tools.put(name, tool);
			}
			stubbed = true;
		}
		if (tools.isEmpty()) {
			return;
		}
		ArrayNode array = root.putArray("tools");
		tools.values().forEach(array::add);
		ObjectNode tc = null;
		if (stubbed) {
			tc = Json.object();
			tc.put("type", "none");
		}
		else if (choice != null) {
			tc = Json.object();
			switch (choice.mode()) {
				case AUTO -> tc.put("type", "auto");
				case REQUIRED -> tc.put("type", "any");
				case NONE -> tc.put("type", "none");
				case TOOL -> {
					tc.put("type", "tool");
					tc.put("name", names.toUpstream(choice.toolName()));
				}
			}
		}
		if (Boolean.FALSE.equals(request.parallelToolCalls()) && !stubbed
				&& (choice == null || choice.mode() != ToolChoice.Mode.NONE)) {
			if (tc == null) {
				tc = Json.object();
				tc.put("type", "auto");
			}
			tc.put("disable_parallel_tool_use", true);
		}
		if (tc != null) {
			root.set("tool_choice", tc);
		}
	}

	private static JsonNode inputSchema(JsonNode parameters) {
		if (parameters == null || parameters.isNull() || !parameters.isObject()) {
			ObjectNode schema = Json.object();
			schema.put("type", "object");
			schema.putObject("properties");
			return schema;
		}
		if (!parameters.has("type")) {
			ObjectNode copy = ((ObjectNode) parameters).deepCopy();
			copy.put("type", "object");
			return copy;
		}
		return parameters;
	}
}
