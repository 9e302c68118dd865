package io.llmgateway.translate.anthropic;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.llmgateway.translate.Protocol;
import io.llmgateway.translate.codec.EncodeOptions;
import io.llmgateway.translate.mapping.Errors;
import io.llmgateway.translate.mapping.Json;
import io.llmgateway.translate.mapping.ToolCallIds;
import io.llmgateway.translate.mapping.ToolNames;
import io.llmgateway.translate.mapping.UnsupportedParams;
import io.llmgateway.translate.model.ChatRequest;
import io.llmgateway.translate.model.ContentPart;
import io.llmgateway.translate.model.Message;
import io.llmgateway.translate.model.Role;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Serializes the canonical request as an Anthropic Messages request (docs/translation.md, "Support matrix"): system and
 * developer text hoisted to the top-level {@code system}, tool results as {@code tool_result} blocks first in one
 * user turn, consecutive same-role turns merged, empty text blocks and empty turns dropped, object tool inputs,
 * valid tool ids and names, {@code max_tokens} always present.
 */
final class AnthropicRequestWriter {

	static final String PROVIDER = "anthropic";

	/** Extras this writer maps itself when they come from another protocol. */
	private static final Set<String> HANDLED = Set.of("max_completion_tokens", "logprobs", "top_logprobs");

	/** reasoning_effort → thinking budget (LiteLLM's defaults). */
	private static final Map<String, Integer> EFFORT_BUDGET = Map.of("minimal", 1024, "low", 1024, "medium", 2048,
			"high", 4096, "xhigh", 8192, "max", 16384);

	private AnthropicRequestWriter() {
	}

	static byte[] write(ChatRequest request, EncodeOptions options) {
		if (request.original() instanceof AnthropicOriginal original && original.matches(request)) {
			return passThrough(original, request, options);
		}
		UnsupportedParams.check(request, options, Protocol.ANTHROPIC, PROVIDER, HANDLED);
		ToolNames names = ToolNames.forRequest(request, ToolNames.Rule.ANTHROPIC);
		ObjectNode root = Json.object();
		root.put("model", options.upstreamModel() != null ? options.upstreamModel() : request.model());
		int maxTokens = request.maxTokens() != null ? request.maxTokens() : options.defaultMaxTokens();

		StringBuilder system = new StringBuilder();
		for (ContentPart p : request.system()) {
			appendSystem(system, p);
		}
		List<Turn> turns = new ArrayList<>();
		Set<String> historyTools = new java.util.LinkedHashSet<>();
		// an Anthropic client's system message inside the conversation stays there (SystemMessageParam); others hoist
		boolean systemInPlace = request.clientProtocol() == Protocol.ANTHROPIC;
		boolean conversationStarted = false;
		for (Message m : request.messages()) {
			if (m.role() == Role.SYSTEM && !(systemInPlace && conversationStarted)) {
				for (ContentPart p : m.content()) {
					appendSystem(system, p);
				}
				continue;
			}
			conversationStarted = true;
			String role = m.role() == Role.ASSISTANT ? "assistant" : m.role() == Role.SYSTEM ? "system" : "user";
			Turn turn = turns.isEmpty() || !turns.get(turns.size() - 1).role.equals(role) ? null
					: turns.get(turns.size() - 1);
			if (turn == null) {
				turn = new Turn(role);
				turns.add(turn);
			}
			for (ContentPart p : m.content()) {
				addBlock(turn, p, names, historyTools);
			}
		}
		if (system.length() > 0) {
			root.put("system", system.toString());
		}
		ArrayNode messages = root.putArray("messages");
		turns.removeIf(Turn::isEmpty);
		mergeAdjacent(turns);
		if (!turns.isEmpty() && turns.get(0).role.equals("assistant")) {
			// history starting with the assistant: a placeholder user turn keeps the alternation valid
			Turn placeholder = new Turn("user");
			placeholder.blocks.add(AnthropicContentBlocks.textBlock("."));
			turns.add(0, placeholder);
		}
		for (int i = 0; i < turns.size(); i++) {
			Turn t = turns.get(i);
			if (i == turns.size() - 1 && t.role.equals("assistant")) {
				trimPrefill(t);
			}
			ObjectNode msg = messages.addObject();
			msg.put("role", t.role);
			ArrayNode content = msg.putArray("content");
			t.results.forEach(content::add);
			t.blocks.forEach(content::add);
		}

		AnthropicToolDefinitions.write(root, request, names, historyTools);
		writeSampling(root, request, options);

		JsonNode thinking = request.thinking();
		// an Anthropic client's effort travels in its own output_config (an extra); others' becomes a budget
		if (thinking == null && request.reasoningEffort() != null && request.clientProtocol() != Protocol.ANTHROPIC) {
			Integer budget = EFFORT_BUDGET.get(request.reasoningEffort());
			if (budget != null) {
				ObjectNode t = Json.object();
				t.put("type", "enabled");
				t.put("budget_tokens", budget);
				thinking = t;
			}
		}
		if (thinking != null) {
			root.set("thinking", thinking);
			long budget = thinking.path("budget_tokens").asLong(0);
			if (budget > 0 && maxTokens <= budget) {
				// Anthropic requires max_tokens > budget_tokens: keep the client's answer budget on top
				maxTokens = (int) Math.min(Integer.MAX_VALUE, budget + maxTokens);
			}
		}
		root.put("max_tokens", maxTokens);
		if (request.user() != null) {
			root.putObject("metadata").put("user_id", request.user());
		}
		if (request.stream()) {
			root.put("stream", true);
		}
		if (request.clientProtocol() == Protocol.ANTHROPIC) {
			copyOwnExtras(root, request);
		}
		return Json.write(root);
	}

	/** The fields {@code POST /v1/messages/count_tokens} accepts (it refuses the others, e.g. max_tokens). */
	private static final Set<String> COUNT_TOKENS_FIELDS = Set.of("model", "messages", "system", "tools",
			"tool_choice", "thinking", "output_config", "cache_control", "context_management", "mcp_servers", "speed");

	/**
	 * A count-tokens body: what {@link #write} would send, reduced to the fields the count endpoint accepts (the
	 * client's own JSON when it is an unchanged Anthropic request).
	 */
	static byte[] writeCountTokens(ChatRequest request, EncodeOptions options) {
		ObjectNode root = (ObjectNode) Json.readBody(write(request, options));
		root.retain(COUNT_TOKENS_FIELDS);
		return Json.write(root);
	}

	/** Anthropic in and out: the client's JSON with the provider's model and the canonical parameters. */
	private static byte[] passThrough(AnthropicOriginal original, ChatRequest request, EncodeOptions options) {
		ObjectNode root = ((ObjectNode) original.root()).deepCopy();
		root.put("model", options.upstreamModel() != null ? options.upstreamModel() : request.model());
		root.put("max_tokens", request.maxTokens() != null ? request.maxTokens() : options.defaultMaxTokens());
		putOrRemove(root, "temperature", request.temperature());
		putOrRemove(root, "top_p", request.topP());
		if (request.topK() != null) {
			root.put("top_k", request.topK());
		}
		else {
			root.remove("top_k");
		}
		if (request.stop() != null) {
			ArrayNode stop = root.putArray("stop_sequences");
			request.stop().forEach(stop::add);
		}
		else {
			root.remove("stop_sequences");
		}
		if (request.stream()) {
			root.put("stream", true);
		}
		else {
			root.remove("stream");
		}
		return Json.write(root);
	}

	private static void putOrRemove(ObjectNode root, String field, Double value) {
		if (value != null) {
			root.put(field, value);
		}
		else {
			root.remove(field);
		}
	}

	private static void appendSystem(StringBuilder system, ContentPart p) {
		if (p instanceof ContentPart.Text t && t.text() != null && !t.text().isBlank()) {
			if (system.length() > 0) {
				system.append("\n\n");
			}
			system.append(t.text());
		}
	}

	/** One Anthropic message being built: tool results are kept apart so they go first. */
	private static final class Turn {

		final String role;

		final List<ObjectNode> results = new ArrayList<>();

		final List<ObjectNode> blocks = new ArrayList<>();

		Turn(String role) {
			this.role = role;
		}

		boolean isEmpty() {
			return results.isEmpty() && blocks.isEmpty();
		}
	}

	private static void mergeAdjacent(List<Turn> turns) {
		for (int i = turns.size() - 1; i > 0; i--) {
			Turn prev = turns.get(i - 1);
			Turn cur = turns.get(i);
			if (prev.role.equals(cur.role)) {
				prev.results.addAll(cur.results);
				prev.blocks.addAll(cur.blocks);
				turns.remove(i);
			}
		}
	}

	private static void trimPrefill(Turn t) {
		if (t.blocks.isEmpty()) {
			return;
		}
		ObjectNode last = t.blocks.get(t.blocks.size() - 1);
		if ("text".equals(Json.str(last, "type"))) {
			last.put("text", Json.str(last, "text").stripTrailing());
		}
	}

	private static void addBlock(Turn turn, ContentPart p, ToolNames names, Set<String> historyTools) {
		if (p instanceof ContentPart.Text t) {
			if (t.text() != null && !t.text().isBlank()) {
				turn.blocks.add(AnthropicContentBlocks.textBlock(t.text()));
			}
		}
		else if (p instanceof ContentPart.Image img) {
			turn.blocks.add(AnthropicContentBlocks.image(img));
		}
		else if (p instanceof ContentPart.Document d) {
			turn.blocks.add(AnthropicContentBlocks.document(d));
		}
		else if (p instanceof ContentPart.ToolCall c) {
			ObjectNode b = Json.object();
			b.put("type", "tool_use");
			b.put("id", ToolCallIds.forAnthropic(c.id()));
			String name = names.toUpstream(c.name());
			b.put("name", name);
			b.set("input", Json.argumentsObject(c.argumentsJson()));
			historyTools.add(name);
			turn.blocks.add(b);
		}
		else if (p instanceof ContentPart.ToolResult r) {
			turn.results.add(AnthropicContentBlocks.toolResult(r));
		}
		else if (p instanceof ContentPart.Thinking th) {
			// only Anthropic-signed thinking can go back; reasoning text from other providers is dropped
			if (th.redacted() && th.signature() != null) {
				ObjectNode b = Json.object();
				b.put("type", "redacted_thinking");
				b.put("data", th.signature());
				turn.blocks.add(b);
			}
			else if (th.signature() != null && !th.signature().isEmpty() && th.text() != null) {
				ObjectNode b = Json.object();
				b.put("type", "thinking");
				b.put("thinking", th.text());
				b.put("signature", th.signature());
				turn.blocks.add(b);
			}
		}
	}

	private static void writeSampling(ObjectNode root, ChatRequest request, EncodeOptions options) {
		if (request.temperature() != null) {
			double temperature = request.temperature();
			if (temperature > 1.0 && UnsupportedParams.dropOrRefuse("temperature", options, PROVIDER)) {
				// Anthropic's range is 0-1: in lenient mode the closest accepted value
				temperature = 1.0;
			}
			root.put("temperature", temperature);
		}
		if (request.topP() != null) {
			root.put("top_p", request.topP());
		}
		if (request.topK() != null) {
			root.put("top_k", request.topK());
		}
		if (request.stop() != null && !request.stop().isEmpty()) {
			ArrayNode stop = root.putArray("stop_sequences");
			request.stop().forEach(stop::add);
		}
		if (request.seed() != null && request.clientProtocol() != Protocol.ANTHROPIC) {
			UnsupportedParams.dropOrRefuse("seed", options, PROVIDER);
		}
		JsonNode format = request.responseFormat();
		if (format != null && !format.isNull() && !"text".equals(Json.str(format, "type"))
				&& request.clientProtocol() != Protocol.ANTHROPIC) {
			UnsupportedParams.dropOrRefuse("response_format", options, PROVIDER);
		}
		if (request.clientProtocol() != Protocol.ANTHROPIC) {
			JsonNode logprobs = request.extra().get("logprobs");
			if (logprobs != null && logprobs.asBoolean(false)) {
				throw Errors.shapeChangingParam("logprobs", PROVIDER);
			}
			JsonNode top = request.extra().get("top_logprobs");
			if (top != null && top.asInt(0) > 0) {
				throw Errors.shapeChangingParam("top_logprobs", PROVIDER);
			}
		}
	}

	private static void copyOwnExtras(ObjectNode root, ChatRequest request) {
		for (Map.Entry<String, JsonNode> e : request.extra().entrySet()) {
			if (e.getKey().startsWith(AnthropicRequestReader.UNTRANSLATABLE)) {
				continue;
			}
			if (e.getKey().equals("tools")) {
				ArrayNode tools = root.has("tools") ? (ArrayNode) root.get("tools") : root.putArray("tools");
				e.getValue().forEach(tools::add);
			}
			else if (!root.has(e.getKey())) {
				root.set(e.getKey(), e.getValue());
			}
		}
	}
}
