package io.llmgateway.translate.openai;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.llmgateway.translate.mapping.Json;
import io.llmgateway.translate.Protocol;
import io.llmgateway.translate.codec.EncodeOptions;
import io.llmgateway.translate.mapping.DataUrl;
import io.llmgateway.translate.mapping.EndUsers;
import io.llmgateway.translate.mapping.UnsupportedParams;
import io.llmgateway.translate.model.ChatRequest;
import io.llmgateway.translate.model.ContentPart;
import io.llmgateway.translate.model.Message;
import io.llmgateway.translate.model.ToolChoice;
import io.llmgateway.translate.model.ToolDefinition;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The canonical {@link ChatRequest} → an OpenAI Chat Completions body (docs/translation.md, "OpenAI Chat
 * Completions"). {@link ChatRequest#system()}, when another reader filled it, is emitted as a leading system message;
 * {@link ChatRequest#extra()} is written back under its OpenAI names.
 */
final class OpenAiRequestWriter {

	private OpenAiRequestWriter() {
	}

	/**
	 * Serializes the canonical request as an OpenAI body.
	 * @param maxTokensField {@code max_completion_tokens} for OpenAI itself, {@code max_tokens} for compatibles
	 * @param safetyIdentifier also write {@code safety_identifier} for an end user named in another protocol
	 */
	static ObjectNode encode(ChatRequest request, EncodeOptions options, String maxTokensField,
			boolean safetyIdentifier) {
		ObjectNode root = Json.NODES.objectNode();
		root.put("model", options.upstreamModel() != null ? options.upstreamModel() : request.model());
		ArrayNode messages = root.putArray("messages");
		if (!request.system().isEmpty()) {
			ObjectNode system = messages.addObject();
			system.put("role", "system");
			system.put("content", joinText(request.system()));
		}
		for (Message m : request.messages()) {
			encodeMessage(m, messages);
		}
		if (!request.tools().isEmpty()) {
			ArrayNode tools = root.putArray("tools");
			for (ToolDefinition t : request.tools()) {
				ObjectNode tool = tools.addObject();
				tool.put("type", "function");
				ObjectNode fn = tool.putObject("function");
				fn.put("name", t.name());
				if (t.description() != null) {
					fn.put("description", t.description());
				}
				if (t.parameters() != null) {
					fn.set("parameters", t.parameters());
				}
				if (t.strict() != null) {
					fn.put("strict", t.strict());
				}
			}
		}
		ToolChoice choice = request.toolChoice();
		if (choice != null) {
			switch (choice.mode()) {
				case AUTO -> root.put("tool_choice", "auto");
				case NONE -> root.put("tool_choice", "none");
				case REQUIRED -> root.put("tool_choice", "required");
				case TOOL -> {
					ObjectNode c = root.putObject("tool_choice");
					c.put("type", "function");
					c.putObject("function").put("name", choice.toolName());
				}
			}
		}
		if (request.parallelToolCalls() != null) {
			root.put("parallel_tool_calls", request.parallelToolCalls());
		}
		if (request.maxTokens() != null) {
			root.put(maxTokensField, request.maxTokens());
		}
		if (request.temperature() != null) {
			root.put("temperature", request.temperature());
		}
		if (request.topP() != null) {
			root.put("top_p", request.topP());
		}
		if (request.topK() != null) {
			root.put("top_k", request.topK());
		}
		if (request.stop() != null) {
			ArrayNode stop = root.putArray("stop");
			request.stop().forEach(stop::add);
		}
		if (request.n() != null) {
			root.put("n", request.n());
		}
		if (request.seed() != null) {
			root.put("seed", request.seed());
		}
		// extras are OpenAI fields only when an OpenAI client sent them; another dialect's go through the drop-params policy
		boolean ownExtras = request.clientProtocol() == null || request.clientProtocol() == Protocol.OPENAI;
		if (request.user() != null) {
			String user = ownExtras ? request.user() : EndUsers.forOpenAi(request.user());
			root.put("user", user);
			if (!ownExtras && safetyIdentifier) {
				// OpenAI's successor of `user` for abuse detection; compatible servers may not know it
				root.put("safety_identifier", user);
			}
		}
		if (request.responseFormat() != null) {
			root.set("response_format", request.responseFormat());
		}
		String effort = ownExtras ? request.reasoningEffort()
				: OpenAiReasoning.effortFor(request, root.path("model").asString(""));
		if (effort != null) {
			root.put("reasoning_effort", effort);
		}
		if (!ownExtras) {
			UnsupportedParams.check(request, options, Protocol.OPENAI, "openai", Set.of());
		}
		for (Map.Entry<String, JsonNode> e : request.extra().entrySet()) {
			if (ownExtras && !root.has(e.getKey()) && !e.getKey().equals("stream_options")) {
				root.set(e.getKey(), e.getValue());
			}
		}
		if (request.stream()) {
			root.put("stream", true);
			JsonNode clientOptions = request.extra().get("stream_options");
			ObjectNode streamOptions = clientOptions != null && clientOptions.isObject()
					? ((ObjectNode) clientOptions).deepCopy() : Json.NODES.objectNode();
			if (options.forceStreamUsage() || request.includeUsage()) {
				streamOptions.put("include_usage", true);
			}
			if (!streamOptions.isEmpty()) {
				root.set("stream_options", streamOptions);
			}
		}
		return root;
	}

	private static void encodeMessage(Message m, ArrayNode out) {
		switch (m.role()) {
			case SYSTEM -> {
				ObjectNode node = out.addObject();
				node.put("role", "system");
				putName(node, m);
				node.put("content", m.joinedText());
			}
			case USER -> {
				List<ContentPart> rest = new ArrayList<>();
				for (ContentPart p : m.content()) {
					if (p instanceof ContentPart.ToolResult r) {
						encodeToolResult(r, out);
					}
					else {
						rest.add(p);
					}
				}
				if (!rest.isEmpty() || m.content().isEmpty()) {
					ObjectNode node = out.addObject();
					node.put("role", "user");
					putName(node, m);
					putContent(node, rest);
				}
			}
			case ASSISTANT -> {
				ObjectNode node = out.addObject();
				node.put("role", "assistant");
				putName(node, m);
				StringBuilder text = new StringBuilder();
				ArrayNode calls = null;
				for (ContentPart p : m.content()) {
					if (p instanceof ContentPart.Text t) {
						text.append(t.text());
					}
					else if (p instanceof ContentPart.ToolCall c) {
						if (calls == null) {
							calls = Json.NODES.arrayNode();
						}
						OpenAiJson.addToolCall(calls, c);
					}
				}
				if (text.length() > 0 || calls == null) {
					node.put("content", text.toString());
				}
				else {
					node.putNull("content");
				}
				if (calls != null) {
					node.set("tool_calls", calls);
				}
			}
			case TOOL -> {
				for (ContentPart p : m.content()) {
					if (p instanceof ContentPart.ToolResult r) {
						encodeToolResult(r, out);
					}
				}
			}
		}
	}

	private static void encodeToolResult(ContentPart.ToolResult r, ArrayNode out) {
		ObjectNode node = out.addObject();
		node.put("role", "tool");
		node.put("tool_call_id", r.toolCallId());
		node.put("content", joinText(r.content()));
	}

	private static void putName(ObjectNode node, Message m) {
		if (m.name() != null) {
			node.put("name", m.name());
		}
	}

	private static void putContent(ObjectNode node, List<ContentPart> parts) {
		if (parts.size() == 1 && parts.get(0) instanceof ContentPart.Text t) {
			node.put("content", t.text());
			return;
		}
		ArrayNode array = node.putArray("content");
		for (ContentPart p : parts) {
			if (p instanceof ContentPart.Text t) {
				ObjectNode part = array.addObject();
				part.put("type", "text");
				part.put("text", t.text());
			}
			else if (p instanceof ContentPart.Image img) {
				ObjectNode part = array.addObject();
				part.put("type", "image_url");
				ObjectNode image = part.putObject("image_url");
				image.put("url", img.isUrl() ? img.url() : DataUrl.toUrl(img.mediaType(), img.base64()));
				if (img.detail() != null) {
					image.put("detail", img.detail());
				}
			}
			else if (p instanceof ContentPart.Document doc) {
				ObjectNode part = array.addObject();
				part.put("type", "file");
				ObjectNode file = part.putObject("file");
				if (doc.title() != null) {
					file.put("filename", doc.title());
				}
				file.put("file_data", DataUrl.toUrl(doc.mediaType(), doc.base64()));
			}
			// Thinking and tool parts have no place in an OpenAI user message
		}
	}

	static String joinText(List<ContentPart> parts) {
		StringBuilder sb = new StringBuilder();
		for (ContentPart p : parts) {
			if (p instanceof ContentPart.Text t) {
				if (sb.length() > 0) {
					sb.append("\n\n");
				}
				sb.append(t.text());
			}
		}
		return sb.toString();
	}
}
