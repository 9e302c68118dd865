package io.llmgateway.translate.responses;

import java.util.HashSet;
import java.util.Set;

import io.llmgateway.translate.mapping.Errors;
import io.llmgateway.translate.mapping.Json;
import io.llmgateway.translate.model.ChatRequest;
import io.llmgateway.translate.model.ToolChoice;
import io.llmgateway.translate.model.ToolDefinition;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Responses {@code tools} and {@code tool_choice}. Function tools map one to one; a custom (freeform) tool becomes a
 * function with a single string argument, its grammar or format told in the description so the model still knows
 * the expected text; hosted tools (web search, file search, ...) exist only at OpenAI and are kept aside for the
 * drop/refuse policy.
 */
final class ResponsesTools {

	private ResponsesTools() {
	}

	static CustomTools read(JsonNode v, ChatRequest r) {
		if (!v.isArray()) {
			throw Errors.badRequest("tools", "tools: must be an array");
		}
		Set<String> custom = null;
		int i = 0;
		for (JsonNode t : v) {
			String where = "tools." + i++;
			String type = Json.str(t, "type");
			if ("function".equals(type)) {
				JsonNode strict = t.get("strict");
				JsonNode params = t.get("parameters");
				r.tools().add(new ToolDefinition(ResponsesRequestReader.requireString(t.get("name"), where + ".name"),
						Json.str(t, "description"), params == null || params.isNull() ? null : params,
						strict != null && strict.isBoolean() ? strict.booleanValue() : null));
			}
			else if ("custom".equals(type)) {
				String name = ResponsesRequestReader.requireString(t.get("name"), where + ".name");
				if (custom == null) {
					custom = new HashSet<>();
				}
				custom.add(name);
				r.tools().add(new ToolDefinition(name, customDescription(t), inputSchema(), null));
			}
			else {
				r.extra().putIfAbsent(ResponsesParams.tool(type), Json.NODES.stringNode(where));
			}
		}
		return custom == null ? CustomTools.NONE : new CustomTools(Set.copyOf(custom));
	}

	private static String customDescription(JsonNode t) {
		String description = Json.str(t, "description");
		JsonNode format = t.get("format");
		if (format == null || !"grammar".equals(Json.str(format, "type"))) {
			return description;
		}
		StringBuilder sb = new StringBuilder(description == null ? "" : description);
		if (sb.length() > 0) {
			sb.append("\n\n");
		}
		sb.append("The `input` argument is free text (not JSON) that must follow this ")
			.append(Json.str(format, "syntax") == null ? "" : Json.str(format, "syntax") + " ")
			.append("grammar:\n")
			.append(Json.str(format, "definition") == null ? "" : Json.str(format, "definition"));
		return sb.toString();
	}

	private static JsonNode inputSchema() {
		ObjectNode schema = Json.object();
		schema.put("type", "object");
		schema.putObject("properties").putObject(CustomTools.INPUT).put("type", "string");
		schema.putArray("required").add(CustomTools.INPUT);
		schema.put("additionalProperties", false);
		return schema;
	}

	static ToolChoice readChoice(JsonNode v, ChatRequest r) {
		if (v.isString()) {
			return switch (v.stringValue()) {
				case "auto" -> ToolChoice.AUTO;
				case "none" -> new ToolChoice(ToolChoice.Mode.NONE, null);
				case "required" -> new ToolChoice(ToolChoice.Mode.REQUIRED, null);
				default -> throw Errors.badRequest("tool_choice", "tool_choice: unknown value '" + v.stringValue()
						+ "'");
			};
		}
		String type = Json.str(v, "type");
		if ("function".equals(type) || "custom".equals(type)) {
			return new ToolChoice(ToolChoice.Mode.TOOL,
					ResponsesRequestReader.requireString(v.get("name"), "tool_choice.name"));
		}
		if ("allowed_tools".equals(type)) {
			// the restriction to a subset has no canonical form: only the mode carries over
			r.extra().put(ResponsesParams.ALLOWED_TOOLS, v);
			return "required".equals(Json.str(v, "mode")) ? new ToolChoice(ToolChoice.Mode.REQUIRED, null)
					: ToolChoice.AUTO;
		}
		r.extra().put(ResponsesParams.tool("choice." + type), v);
		return null;
	}
}
