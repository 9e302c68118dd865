package io.llmgateway.translate.anthropic;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.llmgateway.translate.Protocol;
import io.llmgateway.translate.mapping.EndUsers;
import io.llmgateway.translate.mapping.Errors;
import io.llmgateway.translate.mapping.Json;
import io.llmgateway.translate.model.ChatRequest;
import io.llmgateway.translate.model.ContentPart;
import io.llmgateway.translate.model.Message;
import io.llmgateway.translate.model.Role;
import io.llmgateway.translate.model.ToolChoice;
import io.llmgateway.translate.model.ToolDefinition;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Parses an Anthropic Messages request into the canonical request. A user turn holding {@code tool_result} blocks
 * becomes one {@link Role#TOOL} message per result followed by a user message with the remaining blocks, so every
 * upstream encoder sees tool results the same way whatever the client spoke. {@code role: "system"} messages stay
 * in place as {@link Role#SYSTEM} messages; {@code output_config.effort} becomes the reasoning effort,
 * {@code output_config.format} the response format, and {@code metadata.user_id} the end user (its stable part).
 * <p>
 * Everything the current API accepts is accepted. What the canonical model has no field for stays in the original
 * JSON (an Anthropic upstream gets it unchanged) and is recorded for the other upstreams: client hints
 * ({@code context_management}, {@code cache_control}, tool {@code defer_loading} ...) in
 * {@link ChatRequest#clientHints()}, untranslatable content (server tool blocks, file sources) as an extra named
 * {@value #UNTRANSLATABLE}{@code <type>} that the drop-params policy drops or refuses.
 */
final class AnthropicRequestReader {

	/** Prefix of the extras that stand for content other protocols cannot carry (never written back). */
	static final String UNTRANSLATABLE = "content of type ";

	/** Tool fields that only tune how the client and Anthropic handle the tool, not what the model may do. */
	/** Top-level client hints: no effect on the answer's meaning. */
	private static final List<String> HINTS = List.of("context_management", "cache_control");

	private static final List<String> TOOL_HINTS = List.of("defer_loading", "eager_input_streaming", "input_examples",
			"allowed_callers", "cache_control");

	private AnthropicRequestReader() {
	}

	static ChatRequest read(byte[] body) {
		JsonNode root = Json.readBody(body);
		if (!root.isObject()) {
			throw Errors.badRequest(null, "The request body must be a JSON object");
		}
		ChatRequest r = new ChatRequest().clientProtocol(Protocol.ANTHROPIC);
		for (Map.Entry<String, JsonNode> e : root.properties()) {
			String key = e.getKey();
			JsonNode v = e.getValue();
			switch (key) {
				case "model" -> r.model(requireString(v, "model"));
				case "max_tokens" -> r.maxTokens(requireInt(v, "max_tokens"));
				case "messages" -> readMessages(v, r);
				case "system" -> readSystemContent(v, r.system(), "system");
				case "temperature" -> r.temperature(v.isNull() ? null : requireNumber(v, "temperature"));
				case "top_p" -> r.topP(v.isNull() ? null : requireNumber(v, "top_p"));
				case "top_k" -> r.topK(v.isNull() ? null : requireInt(v, "top_k"));
				case "stop_sequences" -> r.stop(readStrings(v, "stop_sequences"));
				case "stream" -> r.stream(v.asBoolean(false));
				case "metadata" -> r.user(EndUsers.fromAnthropicUserId(Json.str(v, "user_id")));
				case "tools" -> readTools(v, r);
				case "tool_choice" -> readToolChoice(v, r);
				case "thinking" -> r.thinking(v.isNull() ? null : v);
				case "output_config" -> readOutputConfig(v, r);
				default -> {
					r.extra().put(key, v);
					if (HINTS.contains(key)) {
						r.clientHints().add(key);
					}
				}
			}
		}
		if (r.model() == null) {
			throw Errors.badRequest("model", "model: field required");
		}
		if (!root.has("messages")) {
			throw Errors.badRequest("messages", "messages: field required");
		}
		if (cacheControlIn(root)) {
			r.clientHints().add("cache_control");
		}
		// the stream always reports usage to Anthropic clients (message_start / message_delta)
		r.includeUsage(true);
		r.original(AnthropicOriginal.of(root, r));
		return r;
	}

	/**
	 * {@code output_config}: kept whole for an Anthropic upstream; {@code effort} is also the canonical reasoning
	 * effort and {@code format} (a JSON schema) the canonical response format, for the other upstreams.
	 */
	private static void readOutputConfig(JsonNode v, ChatRequest r) {
		if (v.isNull()) {
			return;
		}
		if (!v.isObject()) {
			throw Errors.badRequest("output_config", "output_config: must be an object");
		}
		r.extra().put("output_config", v);
		JsonNode effort = v.get("effort");
		if (effort != null && !effort.isNull()) {
			r.reasoningEffort(requireString(effort, "output_config.effort"));
		}
		JsonNode format = v.get("format");
		if (format != null && format.isObject() && "json_schema".equals(Json.str(format, "type"))) {
			ObjectNode rf = Json.object();
			rf.put("type", "json_schema");
			ObjectNode schema = rf.putObject("json_schema");
			schema.put("name", "output");
			JsonNode s = format.get("schema");
			schema.set("schema", s == null ? Json.object() : s);
			r.responseFormat(rf);
		}
	}

	/** Whether any block, system block or tool carries a {@code cache_control} breakpoint. */
	private static boolean cacheControlIn(JsonNode root) {
		for (JsonNode block : root.path("system")) {
			if (block.has("cache_control")) {
				return true;
			}
		}
		for (JsonNode m : root.path("messages")) {
			for (JsonNode block : m.path("content")) {
				if (block.has("cache_control")) {
					return true;
				}
			}
		}
		return false;
	}

	private static void readSystemContent(JsonNode v, List<ContentPart> system, String where) {
		if (v == null || v.isNull()) {
			throw Errors.badRequest(where, where + ": field required");
		}
		if (v.isString()) {
			if (!v.stringValue().isEmpty()) {
				system.add(new ContentPart.Text(v.stringValue()));
			}
			return;
		}
		if (!v.isArray()) {
			throw Errors.badRequest(where, where + ": must be a string or an array of text blocks");
		}
		for (JsonNode block : v) {
			if (!"text".equals(Json.str(block, "type"))) {
				throw Errors.badRequest(where, where + ": only text blocks are supported");
			}
			system.add(new ContentPart.Text(requireString(block.get("text"), where + ".text")));
		}
	}

	private static void readMessages(JsonNode v, ChatRequest r) {
		List<Message> out = r.messages();
		if (!v.isArray()) {
			throw Errors.badRequest("messages", "messages: must be an array");
		}
		int i = 0;
		for (JsonNode m : v) {
			String where = "messages." + i++;
			String role = Json.str(m, "role");
			if ("system".equals(role)) {
				// SystemMessageParam: a system prompt at this position of the conversation
				List<ContentPart> text = new ArrayList<>();
				readSystemContent(m.get("content"), text, where + ".content");
				out.add(new Message(Role.SYSTEM, text, null));
				continue;
			}
			if (!"user".equals(role) && !"assistant".equals(role)) {
				throw Errors.badRequest(where + ".role", where + ".role: must be 'user', 'assistant' or 'system'");
			}
			Role canonical = "user".equals(role) ? Role.USER : Role.ASSISTANT;
			JsonNode content = m.get("content");
			if (content == null || content.isNull()) {
				throw Errors.badRequest(where + ".content", where + ".content: field required");
			}
			if (content.isString()) {
				out.add(Message.text(canonical, content.stringValue()));
				continue;
			}
			if (!content.isArray()) {
				throw Errors.badRequest(where + ".content", where + ".content: must be a string or an array");
			}
			List<ContentPart> parts = new ArrayList<>(content.size());
			int j = 0;
			for (JsonNode block : content) {
				ContentPart part = readBlock(block, where + ".content." + j++, r);
				if (part instanceof ContentPart.ToolResult result) {
					if (canonical != Role.USER) {
						throw Errors.badRequest(where, where + ": tool_result blocks belong in user messages");
					}
					out.add(new Message(Role.TOOL, List.of(result), null));
				}
				else if (part != null) {
					parts.add(part);
				}
			}
			if (!parts.isEmpty() || content.isEmpty()) {
				out.add(new Message(canonical, parts, null));
			}
		}
	}

	private static ContentPart readBlock(JsonNode block, String where, ChatRequest r) {
		String type = Json.str(block, "type");
		if (type == null) {
			throw Errors.badRequest(where + ".type", where + ".type: field required");
		}
		return switch (type) {
			case "text" -> new ContentPart.Text(requireString(block.get("text"), where + ".text"));
			case "image" -> readImage(block.get("source"), where, r);
			case "document" -> readDocument(block, where, r);
			case "tool_use" -> new ContentPart.ToolCall(requireString(block.get("id"), where + ".id"),
					requireString(block.get("name"), where + ".name"), compactInput(block.get("input")));
			case "tool_result" -> readToolResult(block, where, r);
			case "thinking" -> new ContentPart.Thinking(Json.str(block, "thinking"), Json.str(block, "signature"),
					false);
			// redacted thinking is opaque: its data travels as the signature
			case "redacted_thinking" -> new ContentPart.Thinking(null, Json.str(block, "data"), true);
			default -> untranslatable(r, type);
		};
	}

	private static String compactInput(JsonNode input) {
		if (input == null || input.isNull()) {
			return "{}";
		}
		return Json.writeString(input);
	}

	/**
	 * Content only an Anthropic upstream understands (server tool blocks, file or search-result sources): kept in the
	 * original JSON, skipped in the canonical messages, and recorded so other upstreams drop or refuse it.
	 */
	private static ContentPart untranslatable(ChatRequest r, String type) {
		r.extra().putIfAbsent(UNTRANSLATABLE + "'" + type + "'", Json.NODES.booleanNode(true));
		return null;
	}

	private static ContentPart readImage(JsonNode source, String where, ChatRequest r) {
		String kind = Json.str(source, "type");
		if ("base64".equals(kind)) {
			return new ContentPart.Image(Json.str(source, "media_type"), requireString(source.get("data"),
					where + ".source.data"), null, null);
		}
		if ("url".equals(kind)) {
			return new ContentPart.Image(null, null, requireString(source.get("url"), where + ".source.url"), null);
		}
		return untranslatable(r, "image source " + kind);
	}

	private static ContentPart readDocument(JsonNode block, String where, ChatRequest r) {
		JsonNode source = block.get("source");
		String kind = Json.str(source, "type");
		if ("base64".equals(kind)) {
			return new ContentPart.Document(Json.str(source, "media_type"),
					requireString(source.get("data"), where + ".source.data"), Json.str(block, "title"));
		}
		if ("text".equals(kind)) {
			return new ContentPart.Text(requireString(source.get("data"), where + ".source.data"));
		}
		return untranslatable(r, "document source " + kind);
	}

	private static ContentPart readToolResult(JsonNode block, String where, ChatRequest r) {
		String id = requireString(block.get("tool_use_id"), where + ".tool_use_id");
		boolean isError = block.path("is_error").asBoolean(false);
		JsonNode content = block.get("content");
		List<ContentPart> parts = new ArrayList<>();
		if (content != null && content.isString()) {
			parts.add(new ContentPart.Text(content.stringValue()));
		}
		else if (content != null && content.isArray()) {
			int k = 0;
			for (JsonNode inner : content) {
				String type = Json.str(inner, "type");
				String w = where + ".content." + k++;
				if ("text".equals(type)) {
					parts.add(new ContentPart.Text(requireString(inner.get("text"), w + ".text")));
				}
				else if ("image".equals(type)) {
					addIfPresent(parts, readImage(inner.get("source"), w, r));
				}
				else if ("document".equals(type)) {
					addIfPresent(parts, readDocument(inner, w, r));
				}
				else {
					untranslatable(r, "tool_result content " + type);
				}
			}
		}
		return new ContentPart.ToolResult(id, null, parts, isError);
	}

	private static void addIfPresent(List<ContentPart> parts, ContentPart part) {
		if (part != null) {
			parts.add(part);
		}
	}

	private static void readTools(JsonNode v, ChatRequest r) {
		if (!v.isArray()) {
			throw Errors.badRequest("tools", "tools: must be an array");
		}
		ArrayNode serverTools = null;
		int i = 0;
		for (JsonNode t : v) {
			String type = Json.str(t, "type");
			if (type != null && !"custom".equals(type)) {
				// versioned server tools (web_search_20250305, ...) only an Anthropic upstream understands
				if (serverTools == null) {
					serverTools = Json.NODES.arrayNode();
				}
				serverTools.add(t);
				i++;
				continue;
			}
			String name = requireString(t.get("name"), "tools." + i + ".name");
			for (String hint : TOOL_HINTS) {
				if (t.has(hint)) {
					r.clientHints().add(hint);
				}
			}
			JsonNode strict = t.get("strict");
			r.tools().add(new ToolDefinition(name, Json.str(t, "description"), t.get("input_schema"),
					strict != null && strict.isBoolean() ? strict.booleanValue() : null));
			i++;
		}
		if (serverTools != null) {
			r.extra().put("tools", serverTools);
		}
	}

	private static void readToolChoice(JsonNode v, ChatRequest r) {
		String type = Json.str(v, "type");
		if (type == null) {
			throw Errors.badRequest("tool_choice", "tool_choice.type: field required");
		}
		switch (type) {
			case "auto" -> r.toolChoice(ToolChoice.AUTO);
			case "any" -> r.toolChoice(new ToolChoice(ToolChoice.Mode.REQUIRED, null));
			case "none" -> r.toolChoice(new ToolChoice(ToolChoice.Mode.NONE, null));
			case "tool" -> r.toolChoice(new ToolChoice(ToolChoice.Mode.TOOL,
					requireString(v.get("name"), "tool_choice.name")));
			default -> throw Errors.badRequest("tool_choice", "tool_choice.type: unknown value '" + type + "'");
		}
		if (v.path("disable_parallel_tool_use").asBoolean(false)) {
			r.parallelToolCalls(false);
		}
	}

	private static List<String> readStrings(JsonNode v, String field) {
		if (v.isNull()) {
			return null;
		}
		if (!v.isArray()) {
			throw Errors.badRequest(field, field + ": must be an array of strings");
		}
		List<String> out = new ArrayList<>(v.size());
		for (JsonNode s : v) {
			out.add(requireString(s, field));
		}
		return out;
	}

	static String requireString(JsonNode v, String field) {
		if (v == null || !v.isString()) {
			throw Errors.badRequest(field, field + ": must be a string");
		}
		return v.stringValue();
	}

	private static int requireInt(JsonNode v, String field) {
		if (v == null || !v.isIntegralNumber() || !v.canConvertToInt()) {
			throw Errors.badRequest(field, field + ": must be an integer");
		}
		return v.intValue();
	}

	private static double requireNumber(JsonNode v, String field) {
		if (v == null || !v.isNumber()) {
			throw Errors.badRequest(field, field + ": must be a number");
		}
		return v.doubleValue();
	}
}
