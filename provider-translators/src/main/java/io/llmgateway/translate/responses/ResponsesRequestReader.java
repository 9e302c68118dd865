package io.llmgateway.translate.responses;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.llmgateway.translate.Protocol;
import io.llmgateway.translate.mapping.DataUrl;
import io.llmgateway.translate.mapping.Errors;
import io.llmgateway.translate.mapping.Json;
import io.llmgateway.translate.model.ChatRequest;
import io.llmgateway.translate.model.ContentPart;
import io.llmgateway.translate.model.Message;
import io.llmgateway.translate.model.Role;
import io.llmgateway.translate.model.ToolChoice;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Parses an OpenAI Responses request ({@code POST /v1/responses}) into the canonical request. {@code instructions}
 * become the system prompt; {@code system}/{@code developer} input messages stay in place as {@link Role#SYSTEM};
 * {@code function_call}/{@code custom_tool_call} items join the preceding assistant turn; their outputs become
 * {@link Role#TOOL} messages. Reasoning items are OpenAI-encrypted and only mean something to OpenAI: they stay in
 * the original body (native path) and are left out of the canonical conversation. What the canonical model cannot
 * carry is kept in {@link ChatRequest#extra()} under a {@link ResponsesParams} name so that a translating provider
 * drops or refuses it by the usual policy.
 */
final class ResponsesRequestReader {

	private ResponsesRequestReader() {
	}

	static ChatRequest read(byte[] body) {
		JsonNode root = Json.readBody(body);
		if (!root.isObject()) {
			throw Errors.badRequest(null, "The request body must be a JSON object");
		}
		ChatRequest r = new ChatRequest().clientProtocol(Protocol.OPENAI_RESPONSES);
		CustomTools custom = CustomTools.NONE;
		for (Map.Entry<String, JsonNode> e : root.properties()) {
			String key = e.getKey();
			JsonNode v = e.getValue();
			if (v.isNull() && !"model".equals(key)) {
				continue;
			}
			switch (key) {
				case "model" -> r.model(requireString(v, "model"));
				case "input" -> { /* read after the tools, which tell custom calls apart */ }
				case "instructions" -> {
					String text = requireString(v, "instructions");
					if (!text.isEmpty()) {
						r.system().add(new ContentPart.Text(text));
					}
				}
				case "tools" -> custom = ResponsesTools.read(v, r);
				case "tool_choice" -> r.toolChoice(ResponsesTools.readChoice(v, r));
				case "parallel_tool_calls" -> r.parallelToolCalls(requireBoolean(v, key));
				case "max_output_tokens" -> r.maxTokens(requireInt(v, key));
				case "temperature" -> r.temperature(requireNumber(v, key));
				case "top_p" -> r.topP(requireNumber(v, key));
				case "stream" -> r.stream(requireBoolean(v, key));
				case "user" -> r.user(requireString(v, key));
				case "reasoning" -> readReasoning(v, r);
				case "text" -> readText(v, r);
				case "store" -> {
					if (requireBoolean(v, key)) {
						r.extra().put(key, v);
					}
				}
				case "background" -> {
					if (requireBoolean(v, key)) {
						r.extra().put(key, v);
					}
				}
				default -> r.extra().put(key, v);
			}
		}
		if (r.model() == null) {
			throw Errors.badRequest("model", "model: field required");
		}
		JsonNode safetyId = r.extra().get("safety_identifier");
		if (r.user() == null && safetyId != null && safetyId.isString()) {
			r.user(safetyId.stringValue());
		}
		JsonNode input = root.get("input");
		if (input == null || input.isNull()) {
			if (!root.has("previous_response_id") && !root.has("conversation") && !root.has("prompt")) {
				throw Errors.badRequest("input", "input: field required");
			}
		}
		else {
			readInput(input, r, custom);
		}
		// the Responses stream always ends with response.completed carrying usage
		r.includeUsage(true);
		r.original(ResponsesOriginal.of(root, r, custom));
		return r;
	}

	private static void readReasoning(JsonNode v, ChatRequest r) {
		if (!v.isObject()) {
			throw Errors.badRequest("reasoning", "reasoning: must be an object");
		}
		String effort = Json.str(v, "effort");
		if (effort != null) {
			r.reasoningEffort(effort);
		}
		JsonNode summary = v.get("summary");
		if (summary == null || summary.isNull()) {
			summary = v.get("generate_summary");
		}
		if (summary != null && !summary.isNull()) {
			r.extra().put(ResponsesParams.REASONING_SUMMARY, summary);
		}
	}

	private static void readText(JsonNode v, ChatRequest r) {
		if (!v.isObject()) {
			throw Errors.badRequest("text", "text: must be an object");
		}
		JsonNode format = v.get("format");
		if (format != null && !format.isNull()) {
			String type = Json.str(format, "type");
			if ("json_schema".equals(type)) {
				ObjectNode rf = Json.object();
				rf.put("type", "json_schema");
				ObjectNode schema = rf.putObject("json_schema");
				schema.put("name", requireString(format.get("name"), "text.format.name"));
				if (format.has("description")) {
					schema.set("description", format.get("description"));
				}
				schema.set("schema", format.get("schema"));
				if (format.has("strict") && !format.get("strict").isNull()) {
					schema.set("strict", format.get("strict"));
				}
				r.responseFormat(rf);
			}
			else if ("json_object".equals(type)) {
				r.responseFormat(Json.object().put("type", "json_object"));
			}
			else if (!"text".equals(type)) {
				throw Errors.badRequest("text.format.type", "text.format.type: unknown value '" + type + "'");
			}
		}
		JsonNode verbosity = v.get("verbosity");
		if (verbosity != null && !verbosity.isNull()) {
			r.extra().put(ResponsesParams.VERBOSITY, verbosity);
		}
	}

	private static void readInput(JsonNode input, ChatRequest r, CustomTools custom) {
		if (input.isString()) {
			r.messages().add(Message.text(Role.USER, input.stringValue()));
			return;
		}
		if (!input.isArray()) {
			throw Errors.badRequest("input", "input: must be a string or an array of items");
		}
		List<Message> out = r.messages();
		Map<String, String> callNames = new HashMap<>();
		int i = 0;
		for (JsonNode item : input) {
			String where = "input." + i++;
			if (!item.isObject()) {
				throw Errors.badRequest(where, where + ": must be an object");
			}
			String type = Json.str(item, "type");
			if (type == null || "message".equals(type)) {
				readMessage(item, where, out);
				continue;
			}
			switch (type) {
				case "function_call" -> {
					String id = requireString(item.get("call_id"), where + ".call_id");
					String name = requireString(item.get("name"), where + ".name");
					callNames.put(id, name);
					JsonNode args = item.get("arguments");
					addToAssistant(out, new ContentPart.ToolCall(id, name,
							args == null || args.isNull() ? "{}" : requireString(args, where + ".arguments")));
				}
				case "custom_tool_call" -> {
					String id = requireString(item.get("call_id"), where + ".call_id");
					String name = requireString(item.get("name"), where + ".name");
					callNames.put(id, name);
					addToAssistant(out, new ContentPart.ToolCall(id, name,
							CustomTools.argumentsOf(requireString(item.get("input"), where + ".input"))));
				}
				case "function_call_output", "custom_tool_call_output" -> {
					String id = requireString(item.get("call_id"), where + ".call_id");
					List<ContentPart> parts = outputParts(item.get("output"), where + ".output");
					out.add(new Message(Role.TOOL, List.of(new ContentPart.ToolResult(id, callNames.get(id), parts,
							false)), null));
				}
				case "reasoning" -> {
					ContentPart.Thinking thinking = ReasoningCarrier.decode(item);
					if (thinking != null) {
						// the gateway's own carrier: a provider's signed thinking, restored in its assistant turn
						addToAssistant(out, thinking);
					}
					else {
						// OpenAI-encrypted reasoning: meaningful to OpenAI only (kept in the original body for it)
						r.extra().putIfAbsent(ResponsesParams.REASONING_ITEMS, Json.NODES.booleanNode(true));
					}
				}
				default -> r.extra().putIfAbsent(ResponsesParams.item(type), Json.NODES.stringNode(where));
			}
		}
	}

	private static void readMessage(JsonNode item, String where, List<Message> out) {
		String role = Json.str(item, "role");
		Role canonical;
		if (role == null) {
			throw Errors.badRequest(where + ".role", where + ".role: field required");
		}
		switch (role) {
			case "user" -> canonical = Role.USER;
			case "assistant" -> canonical = Role.ASSISTANT;
			case "system", "developer" -> canonical = Role.SYSTEM;
			default -> throw Errors.badRequest(where + ".role", where + ".role: unknown role '" + role
					+ "' (expected user, assistant, system or developer)");
		}
		JsonNode content = item.get("content");
		if (content == null || content.isNull()) {
			throw Errors.badRequest(where + ".content", where + ".content: field required");
		}
		if (content.isString()) {
			out.add(Message.text(canonical, content.stringValue()));
			return;
		}
		if (!content.isArray()) {
			throw Errors.badRequest(where + ".content", where + ".content: must be a string or an array");
		}
		List<ContentPart> parts = new ArrayList<>(content.size());
		int j = 0;
		for (JsonNode part : content) {
			parts.add(contentPart(part, where + ".content." + j++));
		}
		if (canonical == Role.ASSISTANT && !out.isEmpty() && out.get(out.size() - 1).role() == Role.ASSISTANT
				&& !hasToolCall(out.get(out.size() - 1))) {
			// an assistant message split over several output items is one turn
			Message last = out.remove(out.size() - 1);
			List<ContentPart> merged = new ArrayList<>(last.content());
			merged.addAll(parts);
			parts = merged;
		}
		out.add(new Message(canonical, parts, null));
	}

	private static boolean hasToolCall(Message m) {
		for (ContentPart p : m.content()) {
			if (p instanceof ContentPart.ToolCall) {
				return true;
			}
		}
		return false;
	}

	private static ContentPart contentPart(JsonNode part, String where) {
		String type = Json.str(part, "type");
		if (type == null) {
			throw Errors.badRequest(where + ".type", where + ".type: field required");
		}
		return switch (type) {
			case "input_text", "output_text", "text" -> new ContentPart.Text(requireString(part.get("text"),
					where + ".text"));
			case "refusal" -> new ContentPart.Text(requireString(part.get("refusal"), where + ".refusal"));
			case "input_image" -> image(part, where);
			case "input_file" -> file(part, where);
			default -> throw Errors.badRequest(where + ".type", where + ".type: content of type '" + type
					+ "' cannot be translated for this provider");
		};
	}

	private static ContentPart image(JsonNode part, String where) {
		String url = Json.str(part, "image_url");
		if (url == null) {
			throw Errors.badRequest(where + ".image_url", where + ".image_url: images by file_id need the OpenAI "
					+ "Files API and cannot be translated; send a URL or a data URL");
		}
		String detail = Json.str(part, "detail");
		return DataUrl.image(url, detail, where + ".image_url");
	}

	private static ContentPart file(JsonNode part, String where) {
		String data = Json.str(part, "file_data");
		if (data == null) {
			throw Errors.badRequest(where + ".file_data", where + ".file_data: files by file_id or file_url cannot "
					+ "be translated; send file_data");
		}
		String filename = Json.str(part, "filename");
		if (DataUrl.isDataUrl(data)) {
			DataUrl url = DataUrl.parse(data, where + ".file_data");
			return new ContentPart.Document(url.mediaType(), url.base64(), filename);
		}
		return new ContentPart.Document("application/pdf", data, filename);
	}

	private static List<ContentPart> outputParts(JsonNode output, String where) {
		if (output == null || output.isNull()) {
			return List.of();
		}
		if (output.isString()) {
			return List.of(new ContentPart.Text(output.stringValue()));
		}
		if (!output.isArray()) {
			throw Errors.badRequest(where, where + ": must be a string or an array");
		}
		List<ContentPart> parts = new ArrayList<>(output.size());
		int k = 0;
		for (JsonNode p : output) {
			parts.add(contentPart(p, where + "." + k++));
		}
		return parts;
	}

	/** Tool calls belong to the assistant turn they follow (one turn may call several tools). */
	private static void addToAssistant(List<Message> out, ContentPart call) {
		if (!out.isEmpty() && out.get(out.size() - 1).role() == Role.ASSISTANT) {
			Message last = out.remove(out.size() - 1);
			List<ContentPart> parts = new ArrayList<>(last.content().size() + 1);
			parts.addAll(last.content());
			parts.add(call);
			out.add(new Message(Role.ASSISTANT, parts, null));
			return;
		}
		out.add(new Message(Role.ASSISTANT, List.of(call), null));
	}

	static String requireString(JsonNode v, String field) {
		if (v == null || !v.isString()) {
			throw Errors.badRequest(field, field + ": must be a string");
		}
		return v.stringValue();
	}

	private static boolean requireBoolean(JsonNode v, String field) {
		if (!v.isBoolean()) {
			throw Errors.badRequest(field, field + ": must be a boolean");
		}
		return v.booleanValue();
	}

	private static int requireInt(JsonNode v, String field) {
		if (!v.isIntegralNumber() || !v.canConvertToInt()) {
			throw Errors.badRequest(field, field + ": must be an integer");
		}
		return v.intValue();
	}

	private static double requireNumber(JsonNode v, String field) {
		if (!v.isNumber()) {
			throw Errors.badRequest(field, field + ": must be a number");
		}
		return v.doubleValue();
	}
}
