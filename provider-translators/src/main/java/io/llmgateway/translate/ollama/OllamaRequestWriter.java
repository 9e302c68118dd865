package io.llmgateway.translate.ollama;

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

/** The canonical request → an Ollama {@code /api/chat} body (docs/translation.md, "Ollama"). */
final class OllamaRequestWriter {

	private static final String PROVIDER = OllamaUpstreamCodec.PROVIDER;

	private OllamaRequestWriter() {
	}

	static byte[] encode(ChatRequest request, EncodeOptions options) {
		ChatBody start = ChatBody.start(request, options, PROVIDER, "Ollama");
		ObjectNode body = start.body();
		for (Message message : request.messages()) {
			addMessage(start.messages(), message);
		}
		body.put("stream", request.stream());

		boolean toolsOff = request.toolChoice() != null && request.toolChoice().mode() == ToolChoice.Mode.NONE;
		if (!request.tools().isEmpty() && !toolsOff) {
			start.addFunctionTools(request.tools(), request.toolChoice());
		}

		ObjectNode opts = Json.object();
		if (request.temperature() != null) {
			opts.put("temperature", request.temperature());
		}
		if (request.topP() != null) {
			opts.put("top_p", request.topP());
		}
		if (request.topK() != null) {
			opts.put("top_k", request.topK());
		}
		if (request.maxTokens() != null) {
			opts.put("num_predict", request.maxTokens());
		}
		if (request.seed() != null) {
			opts.put("seed", request.seed());
		}
		if (request.stop() != null && !request.stop().isEmpty()) {
			ArrayNode stop = opts.putArray("stop");
			request.stop().forEach(stop::add);
		}
		if (!opts.isEmpty()) {
			body.set("options", opts);
		}
		JsonNode format = request.responseFormat();
		if (format != null) {
			String type = Json.str(format, "type");
			if ("json_object".equals(type)) {
				body.put("format", "json");
			}
			else if ("json_schema".equals(type)) {
				JsonNode schema = format.path("json_schema").get("schema");
				if (schema != null) {
					body.set("format", schema);
				}
				else {
					body.put("format", "json");
				}
			}
		}
		if (request.reasoningEffort() != null) {
			body.put("think", !"none".equals(request.reasoningEffort()));
		}
		return Json.write(body);
	}

	private static void addMessage(ArrayNode messages, Message message) {
		if (message.role() == Role.TOOL) {
			for (ContentPart part : message.content()) {
				if (part instanceof ContentPart.ToolResult result) {
					ObjectNode m = messages.addObject();
					m.put("role", "tool");
					m.put("content", Message.joinedText(result.content()));
					if (result.name() != null) {
						m.put("tool_name", result.name());
					}
				}
			}
			return;
		}
		ObjectNode m = Json.object();
		m.put("role", switch (message.role()) {
			case SYSTEM -> "system";
			case ASSISTANT -> "assistant";
			default -> "user";
		});
		StringBuilder text = new StringBuilder();
		StringBuilder thinking = new StringBuilder();
		ArrayNode images = Json.NODES.arrayNode();
		ArrayNode calls = Json.NODES.arrayNode();
		List<ContentPart.ToolResult> results = new ArrayList<>();
		for (ContentPart part : message.content()) {
			if (part instanceof ContentPart.Text t) {
				text.append(t.text());
			}
			else if (part instanceof ContentPart.Image img) {
				if (img.isUrl()) {
					if (!DataUrl.isDataUrl(img.url())) {
						throw Errors.unsupported(PROVIDER,
								"image URLs are not supported by Ollama's native API; send a base64 data URL",
								"messages");
					}
					images.add(DataUrl.parse(img.url(), "messages").base64());
				}
				else {
					images.add(img.base64());
				}
			}
			else if (part instanceof ContentPart.ToolCall call) {
				ObjectNode fn = calls.addObject().putObject("function");
				fn.put("name", call.name());
				fn.set("arguments", Json.argumentsObject(call.argumentsJson()));
			}
			else if (part instanceof ContentPart.ToolResult result) {
				results.add(result);
			}
			else if (part instanceof ContentPart.Thinking th && th.text() != null && !th.redacted()) {
				thinking.append(th.text());
			}
			else if (part instanceof ContentPart.Document) {
				throw Errors.unsupported(PROVIDER, "documents are not supported by Ollama", "messages");
			}
		}
		if (!results.isEmpty()) {
			addMessage(messages, new Message(Role.TOOL, List.copyOf(results), null));
		}
		if (text.isEmpty() && images.isEmpty() && calls.isEmpty()) {
			return;
		}
		m.put("content", text.toString());
		if (!thinking.isEmpty()) {
			m.put("thinking", thinking.toString());
		}
		if (!images.isEmpty()) {
			m.set("images", images);
		}
		if (!calls.isEmpty()) {
			m.set("tool_calls", calls);
		}
		messages.add(m);
	}
}
