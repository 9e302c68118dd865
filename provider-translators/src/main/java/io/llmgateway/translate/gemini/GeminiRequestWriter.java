package io.llmgateway.translate.gemini;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.llmgateway.translate.Protocol;
import io.llmgateway.translate.codec.EncodeOptions;
import io.llmgateway.translate.mapping.DataUrl;
import io.llmgateway.translate.mapping.Errors;
import io.llmgateway.translate.mapping.Json;
import io.llmgateway.translate.mapping.MediaTypes;
import io.llmgateway.translate.mapping.ToolCallIds;
import io.llmgateway.translate.mapping.ToolNames;
import io.llmgateway.translate.mapping.UnsupportedParams;
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
 * Serializes the canonical request as a Gemini {@code GenerateContentRequest}: system text to
 * {@code systemInstruction}, roles {@code user}/{@code model} strictly alternating (same-role turns merged), tool
 * results as {@code functionResponse} parts named after the call they answer, images only as {@code inlineData}
 * (an http(s) image URL is a 400: the gateway does not fetch user-supplied URLs), thought signatures restored from
 * the tool-call ids that carried them.
 */
final class GeminiRequestWriter {

	static final String PROVIDER = "gemini";

	/** Extras from OpenAI clients that Gemini maps. */
	private static final Set<String> HANDLED = Set.of("frequency_penalty", "presence_penalty", "max_completion_tokens",
			"logprobs", "top_logprobs");

	/** reasoning_effort → thinkingBudget. */
	private static final Map<String, Integer> EFFORT_BUDGET = Map.of("minimal", 512, "low", 1024, "medium", 8192,
			"high", 24576, "xhigh", 32768, "max", 32768);

	private GeminiRequestWriter() {
	}

	static byte[] write(ChatRequest request, EncodeOptions options) {
		UnsupportedParams.check(request, options, Protocol.GEMINI, PROVIDER, HANDLED);
		ToolNames names = ToolNames.forRequest(request, ToolNames.Rule.GEMINI);
		ObjectNode root = Json.object();

		StringBuilder system = new StringBuilder();
		for (ContentPart p : request.system()) {
			appendSystem(system, p);
		}
		Map<String, String> callNames = new HashMap<>();
		List<Turn> turns = new ArrayList<>();
		boolean conversationStarted = false;
		for (Message m : request.messages()) {
			if (m.role() == Role.SYSTEM && !conversationStarted) {
				m.content().forEach(p -> appendSystem(system, p));
				continue;
			}
			conversationStarted = true;
			if (m.role() == Role.SYSTEM) {
				// Gemini has only systemInstruction: a later system message becomes a marked user note at its place
				m = systemNote(m);
			}
			String role = m.role() == Role.ASSISTANT ? "model" : "user";
			Turn turn = turns.isEmpty() || !turns.get(turns.size() - 1).role.equals(role) ? null
					: turns.get(turns.size() - 1);
			if (turn == null) {
				turn = new Turn(role);
				turns.add(turn);
			}
			for (ContentPart p : m.content()) {
				addPart(turn, p, names, callNames);
			}
		}
		turns.removeIf(t -> t.responses.isEmpty() && t.parts.isEmpty());
		ArrayNode contents = root.putArray("contents");
		Turn previous = null;
		for (Turn t : turns) {
			if (previous != null && previous.role.equals(t.role)) {
				previous.responses.addAll(t.responses);
				previous.parts.addAll(t.parts);
				continue;
			}
			previous = t;
		}
		previous = null;
		for (Turn t : turns) {
			if (previous != null && previous.role.equals(t.role)) {
				continue;
			}
			previous = t;
			ObjectNode content = contents.addObject();
			content.put("role", t.role);
			ArrayNode parts = content.putArray("parts");
			t.responses.forEach(parts::add);
			t.parts.forEach(parts::add);
		}
		if (system.length() > 0) {
			root.putObject("systemInstruction").putArray("parts").addObject().put("text", system.toString());
		}
		writeTools(root, request, names);
		writeGenerationConfig(root, request, options);
		return Json.write(root);
	}

	/** A mid-conversation system message as a user turn: {@code <system>…</system>}, so its position is kept. */
	static Message systemNote(Message m) {
		String text = m.joinedText();
		return Message.text(Role.USER, text.isBlank() ? "" : "<system>\n" + text + "\n</system>");
	}

	private static void appendSystem(StringBuilder system, ContentPart p) {
		if (p instanceof ContentPart.Text t && t.text() != null && !t.text().isBlank()) {
			if (system.length() > 0) {
				system.append("\n\n");
			}
			system.append(t.text());
		}
	}

	/** One Gemini content being built: function responses first, as Anthropic tool results. */
	private static final class Turn {

		final String role;

		final List<ObjectNode> responses = new ArrayList<>();

		final List<ObjectNode> parts = new ArrayList<>();

		Turn(String role) {
			this.role = role;
		}
	}

	private static void addPart(Turn turn, ContentPart p, ToolNames names, Map<String, String> callNames) {
		if (p instanceof ContentPart.Text t) {
			if (t.text() != null && !t.text().isEmpty()) {
				turn.parts.add(text(t.text()));
			}
		}
		else if (p instanceof ContentPart.Image img) {
			turn.parts.add(inline(img));
		}
		else if (p instanceof ContentPart.Document d) {
			ObjectNode part = Json.object();
			ObjectNode data = part.putObject("inlineData");
			data.put("mimeType", d.mediaType() == null ? "application/pdf" : d.mediaType());
			data.put("data", d.base64());
			turn.parts.add(part);
		}
		else if (p instanceof ContentPart.ToolCall c) {
			String name = names.toUpstream(c.name());
			if (c.id() != null) {
				callNames.put(c.id(), name);
			}
			ObjectNode part = Json.object();
			ObjectNode call = part.putObject("functionCall");
			call.put("name", name);
			call.set("args", Json.argumentsObject(c.argumentsJson()));
			String signature = ToolCallIds.signature(c.id());
			if (signature != null) {
				part.put("thoughtSignature", signature);
			}
			turn.parts.add(part);
		}
		else if (p instanceof ContentPart.ToolResult r) {
			String name = r.toolCallId() == null ? null : callNames.get(r.toolCallId());
			if (name == null && r.name() != null) {
				name = names.toUpstream(r.name());
			}
			if (name == null) {
				throw Errors.badRequest("tool_call_id", "Tool result '" + r.toolCallId()
						+ "' answers no tool call in this conversation; provider gemini needs the function name");
			}
			ObjectNode part = Json.object();
			ObjectNode response = part.putObject("functionResponse");
			response.put("name", name);
			response.set("response", responseObject(r));
			turn.responses.add(part);
			for (ContentPart c : r.content()) {
				if (c instanceof ContentPart.Image img) {
					// images inside a tool result travel as parts next to the function response
					turn.parts.add(inline(img));
				}
			}
		}
		// Thinking from other providers has no Gemini form; Gemini's own signatures ride in tool-call ids
	}

	private static JsonNode responseObject(ContentPart.ToolResult r) {
		StringBuilder text = new StringBuilder();
		for (ContentPart c : r.content()) {
			if (c instanceof ContentPart.Text t && t.text() != null) {
				text.append(t.text());
			}
		}
		ObjectNode response = Json.object();
		if (r.isError()) {
			response.put("error", text.toString());
			return response;
		}
		JsonNode parsed = Json.tryRead(text.toString());
		if (parsed != null && (parsed.isObject() || parsed.isArray())) {
			response.set("output", parsed);
		}
		else {
			response.put("output", text.toString());
		}
		return response;
	}

	private static ObjectNode text(String text) {
		ObjectNode part = Json.object();
		part.put("text", text);
		return part;
	}

	private static ObjectNode inline(ContentPart.Image img) {
		String mediaType = img.mediaType();
		String data = img.base64();
		if (img.isUrl()) {
			if (!DataUrl.isDataUrl(img.url())) {
				throw Errors.badRequest("image_url", "Provider gemini accepts images only as base64 data; "
						+ "send the image as a data: URL (the gateway does not fetch image URLs)");
			}
			DataUrl parsed = DataUrl.parse(img.url(), "image_url");
			mediaType = parsed.declaredType();
			data = parsed.base64();
		}
		if (mediaType == null || mediaType.startsWith("image/")) {
			mediaType = MediaTypes.imageType(mediaType, data);
		}
		if (mediaType == null) {
			throw Errors.badRequest("image_url", "The image type could not be determined; send a data: URL with a "
					+ "media type");
		}
		ObjectNode part = Json.object();
		ObjectNode inline = part.putObject("inlineData");
		inline.put("mimeType", mediaType);
		inline.put("data", data);
		return part;
	}

	private static void writeTools(ObjectNode root, ChatRequest request, ToolNames names) {
		if (request.tools().isEmpty()) {
			return;
		}
		ArrayNode declarations = root.putArray("tools").addObject().putArray("functionDeclarations");
		for (ToolDefinition t : request.tools()) {
			ObjectNode d = declarations.addObject();
			d.put("name", names.toUpstream(t.name()));
			if (t.description() != null) {
				d.put("description", t.description());
			}
			JsonNode schema = t.parameters();
			if (schema != null && schema.isObject() && !isEmptyObjectSchema(schema)) {
				d.set("parametersJsonSchema", schema);
			}
		}
		ToolChoice choice = request.toolChoice();
		if (choice != null) {
			ObjectNode config = root.putObject("toolConfig").putObject("functionCallingConfig");
			switch (choice.mode()) {
				case AUTO -> config.put("mode", "AUTO");
				case REQUIRED -> config.put("mode", "ANY");
				case NONE -> config.put("mode", "NONE");
				case TOOL -> {
					config.put("mode", "ANY");
					config.putArray("allowedFunctionNames").add(names.toUpstream(choice.toolName()));
				}
			}
		}
	}

	private static boolean isEmptyObjectSchema(JsonNode schema) {
		JsonNode props = schema.get("properties");
		return schema.size() <= 2 && "object".equals(Json.str(schema, "type")) && (props == null || props.isEmpty());
	}

	private static void writeGenerationConfig(ObjectNode root, ChatRequest request, EncodeOptions options) {
		ObjectNode config = Json.object();
		if (request.maxTokens() != null) {
			config.put("maxOutputTokens", request.maxTokens());
		}
		if (request.temperature() != null) {
			config.put("temperature", request.temperature());
		}
		if (request.topP() != null) {
			config.put("topP", request.topP());
		}
		if (request.topK() != null) {
			config.put("topK", request.topK());
		}
		if (request.stop() != null && !request.stop().isEmpty()) {
			ArrayNode stop = config.putArray("stopSequences");
			request.stop().forEach(stop::add);
		}
		if (request.seed() != null) {
			config.put("seed", request.seed());
		}
		if (request.clientProtocol() != Protocol.GEMINI) {
			JsonNode logprobs = request.extra().get("logprobs");
			if (logprobs != null && logprobs.asBoolean(false)) {
				throw Errors.shapeChangingParam("logprobs", PROVIDER);
			}
			JsonNode top = request.extra().get("top_logprobs");
			if (top != null && top.asInt(0) > 0) {
				throw Errors.shapeChangingParam("top_logprobs", PROVIDER);
			}
			JsonNode frequency = request.extra().get("frequency_penalty");
			if (frequency != null && frequency.isNumber()) {
				config.put("frequencyPenalty", frequency.doubleValue());
			}
			JsonNode presence = request.extra().get("presence_penalty");
			if (presence != null && presence.isNumber()) {
				config.put("presencePenalty", presence.doubleValue());
			}
		}
		JsonNode format = request.responseFormat();
		String formatType = Json.str(format, "type");
		if ("json_object".equals(formatType)) {
			config.put("responseMimeType", "application/json");
		}
		else if ("json_schema".equals(formatType)) {
			config.put("responseMimeType", "application/json");
			JsonNode schema = format.path("json_schema").get("schema");
			if (schema != null && schema.isObject()) {
				config.set("responseJsonSchema", schema);
			}
		}
		else if (formatType != null && !"text".equals(formatType)) {
			UnsupportedParams.dropOrRefuse("response_format", options, PROVIDER);
		}
		writeThinking(config, request);
		if (!config.isEmpty()) {
			root.set("generationConfig", config);
		}
	}

	/**
	 * Thinking: a manual budget as {@code thinkingBudget}; adaptive thinking (the model decides) as the effort's
	 * budget, or {@code -1} (Gemini's dynamic thinking) without an effort; an effort alone as its budget.
	 * {@code includeThoughts} follows Anthropic's {@code display} ({@code omitted}: no thought summaries).
	 */
	private static void writeThinking(ObjectNode config, ChatRequest request) {
		JsonNode thinking = request.thinking();
		String type = Json.str(thinking, "type");
		Integer effortBudget = request.reasoningEffort() == null ? null : EFFORT_BUDGET.get(request.reasoningEffort());
		boolean includeThoughts = !"omitted".equals(Json.str(thinking, "display"));
		if ("enabled".equals(type)) {
			ObjectNode tc = config.putObject("thinkingConfig");
			tc.put("thinkingBudget", thinking.path("budget_tokens").asInt(1024));
			tc.put("includeThoughts", includeThoughts);
		}
		else if ("adaptive".equals(type)) {
			ObjectNode tc = config.putObject("thinkingConfig");
			tc.put("thinkingBudget", effortBudget != null ? effortBudget : -1);
			tc.put("includeThoughts", includeThoughts);
		}
		else if (effortBudget != null) {
			config.putObject("thinkingConfig").put("thinkingBudget", effortBudget);
		}
	}
}
