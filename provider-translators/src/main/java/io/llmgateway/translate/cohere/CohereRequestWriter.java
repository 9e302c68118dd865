package io.llmgateway.translate.cohere;

import java.util.ArrayList;
import java.util.List;

import io.llmgateway.translate.mapping.ChatBody;
import io.llmgateway.translate.mapping.Errors;
import io.llmgateway.translate.mapping.DataUrl;
import io.llmgateway.translate.codec.EncodeOptions;
import io.llmgateway.translate.model.ChatRequest;
import io.llmgateway.translate.model.ContentPart;
import io.llmgateway.translate.model.Message;
import io.llmgateway.translate.model.Role;
import io.llmgateway.translate.model.ToolChoice;
import io.llmgateway.translate.mapping.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The canonical request → a Cohere v2 chat body (docs/translation.md, "Cohere"). */
final class CohereRequestWriter {

	private static final String PROVIDER = CohereUpstreamCodec.PROVIDER;

	private CohereRequestWriter() {
	}

	static byte[] encode(ChatRequest request, EncodeOptions options) {
		ChatBody start = ChatBody.start(request, options, PROVIDER, "Cohere");
		ObjectNode body = start.body();
		ArrayNode messages = start.messages();
		for (Message m : request.messages()) {
			addMessage(messages, m);
		}

		ToolChoice choice = request.toolChoice();
		if (!request.tools().isEmpty()) {
			// Cohere cannot force one named tool: offer only that tool and require a call
			start.addFunctionTools(request.tools(), choice);
			if (choice != null) {
				switch (choice.mode()) {
					case REQUIRED, TOOL -> body.put("tool_choice", "REQUIRED");
					case NONE -> body.put("tool_choice", "NONE");
					default -> {
						// AUTO is Cohere's default: no field
					}
				}
			}
		}
		if (request.maxTokens() != null) {
			body.put("max_tokens", request.maxTokens());
		}
		if (request.temperature() != null) {
			body.put("temperature", request.temperature());
		}
		if (request.topP() != null) {
			// Cohere accepts 0.01..0.99
			body.put("p", Math.max(0.01, Math.min(0.99, request.topP())));
		}
		if (request.topK() != null) {
			body.put("k", request.topK());
		}
		if (request.stop() != null && !request.stop().isEmpty()) {
			ArrayNode stops = body.putArray("stop_sequences");
			request.stop().forEach(stops::add);
		}
		if (request.seed() != null) {
			body.put("seed", request.seed());
		}
		JsonNode format = request.responseFormat();
		if (format != null) {
			String type = Json.str(format, "type");
			if ("json_object".equals(type) || "json_schema".equals(type)) {
				ObjectNode rf = body.putObject("response_format").put("type", "json_object");
				JsonNode schema = format.path("json_schema").get("schema");
				if (schema != null) {
					rf.set("json_schema", schema);
				}
			}
		}
		body.put("stream", request.stream());
		return Json.write(body);
	}

	private static void addMessage(ArrayNode messages, Message message) {
		List<ContentPart.ToolResult> results = new ArrayList<>();
		ArrayNode parts = Json.NODES.arrayNode();
		ArrayNode calls = Json.NODES.arrayNode();
		boolean hasImage = false;
		StringBuilder text = new StringBuilder();
		for (ContentPart part : message.content()) {
			if (part instanceof ContentPart.Text t) {
				text.append(t.text());
				parts.addObject().put("type", "text").put("text", t.text());
			}
			else if (part instanceof ContentPart.Image img) {
				hasImage = true;
				String url = img.isUrl() ? img.url() : DataUrl.toUrl(img.mediaType(), img.base64());
				parts.addObject().put("type", "image_url").putObject("image_url").put("url", url);
			}
			else if (part instanceof ContentPart.ToolCall call) {
				ObjectNode c = calls.addObject();
				c.put("id", call.id());
				c.put("type", "function");
				c.putObject("function").put("name", call.name())
					.put("arguments", call.argumentsJson() == null || call.argumentsJson().isBlank() ? "{}"
							: call.argumentsJson());
			}
			else if (part instanceof ContentPart.ToolResult result) {
				results.add(result);
			}
			else if (part instanceof ContentPart.Document) {
				throw Errors.unsupported(PROVIDER, "document parts are not supported by Cohere chat", "messages");
			}
		}
		for (ContentPart.ToolResult result : results) {
			ObjectNode m = messages.addObject();
			m.put("role", "tool");
			m.put("tool_call_id", result.toolCallId());
			String content = Message.joinedText(result.content());
			m.putArray("content").addObject().put("type", "document").putObject("document").put("data",
					content.isEmpty() ? "{}" : content);
		}
		if (message.role() == Role.TOOL) {
			return;
		}
		if (parts.isEmpty() && calls.isEmpty()) {
			return;
		}
		ObjectNode m = messages.addObject();
		m.put("role", switch (message.role()) {
			case SYSTEM -> "system";
			case ASSISTANT -> "assistant";
			default -> "user";
		});
		if (message.role() == Role.ASSISTANT) {
			if (!text.isEmpty()) {
				m.put("content", text.toString());
			}
			if (!calls.isEmpty()) {
				m.set("tool_calls", calls);
			}
		}
		else if (hasImage) {
			m.set("content", parts);
		}
		else {
			m.put("content", text.toString());
		}
	}
}
