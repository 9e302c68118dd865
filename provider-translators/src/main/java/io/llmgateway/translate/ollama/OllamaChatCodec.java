package io.llmgateway.translate.ollama;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.llmgateway.translate.mapping.Errors;
import io.llmgateway.translate.mapping.ToolCallIds;
import io.llmgateway.translate.mapping.DataUrl;
import io.llmgateway.translate.Protocol;
import io.llmgateway.translate.codec.EncodeOptions;
import io.llmgateway.translate.codec.StreamDecoder;
import io.llmgateway.translate.codec.UpstreamCodec;
import io.llmgateway.translate.model.ChatRequest;
import io.llmgateway.translate.model.ChatResponse;
import io.llmgateway.translate.model.ContentPart;
import io.llmgateway.translate.model.LlmError;
import io.llmgateway.translate.model.Message;
import io.llmgateway.translate.model.Role;
import io.llmgateway.translate.model.StopReason;
import io.llmgateway.translate.model.ToolChoice;
import io.llmgateway.translate.model.ToolDefinition;
import io.llmgateway.translate.model.Usage;
import io.llmgateway.translate.mapping.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Ollama's native {@code POST /api/chat}: messages with base64 {@code images}, tool calls with object arguments,
 * sampling under {@code options}, NDJSON streaming ({@link OllamaStreamDecoder}).
 */
public final class OllamaChatCodec implements UpstreamCodec {

	static final String PROVIDER = "ollama";

	@Override
	public Protocol protocol() {
		return Protocol.OLLAMA;
	}

	@Override
	public byte[] encodeRequest(ChatRequest request, EncodeOptions options) {
		if (request.n() != null && request.n() > 1) {
			throw Errors.unsupported(PROVIDER, "n > 1 is not supported by Ollama", "n");
		}
		ObjectNode body = Json.object();
		body.put("model", options.upstreamModel() != null ? options.upstreamModel() : request.model());
		ArrayNode messages = body.putArray("messages");
		String system = Message.joinedText(request.system());
		if (!system.isEmpty()) {
			ObjectNode m = messages.addObject();
			m.put("role", "system");
			m.put("content", system);
		}
		for (Message message : request.messages()) {
			addMessage(messages, message);
		}
		body.put("stream", request.stream());

		boolean toolsOff = request.toolChoice() != null && request.toolChoice().mode() == ToolChoice.Mode.NONE;
		if (!request.tools().isEmpty() && !toolsOff) {
			ArrayNode tools = body.putArray("tools");
			for (ToolDefinition tool : request.tools()) {
				if (request.toolChoice() != null && request.toolChoice().mode() == ToolChoice.Mode.TOOL
						&& !tool.name().equals(request.toolChoice().toolName())) {
					// no forced-tool switch in Ollama: offering only the named tool is the closest equivalent
					continue;
				}
				ObjectNode fn = tools.addObject().put("type", "function").putObject("function");
				fn.put("name", tool.name());
				if (tool.description() != null) {
					fn.put("description", tool.description());
				}
				if (tool.parameters() != null && !tool.parameters().isNull()) {
					fn.set("parameters", tool.parameters());
				}
				else {
					fn.putObject("parameters").put("type", "object").putObject("properties");
				}
			}
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

	@Override
	public ChatResponse decodeResponse(byte[] body) {
		JsonNode root = Json.readUpstream(body, PROVIDER);
		JsonNode message = root.path("message");
		List<ContentPart> content = new ArrayList<>();
		String thinking = Json.str(message, "thinking");
		if (thinking != null && !thinking.isEmpty()) {
			content.add(new ContentPart.Thinking(thinking, null, false));
		}
		String text = Json.str(message, "content");
		if (text != null && !text.isEmpty()) {
			content.add(new ContentPart.Text(text));
		}
		boolean sawTool = false;
		for (JsonNode call : message.path("tool_calls")) {
			sawTool = true;
			content.add(toolCall(call));
		}
		return new ChatResponse(ToolCallIds.generate("chatcmpl-ollama-"), Json.str(root, "model"), content,
				stopReason(Json.str(root, "done_reason"), sawTool), usage(root),
				Instant.now().getEpochSecond());
	}

	static ContentPart.ToolCall toolCall(JsonNode call) {
		JsonNode fn = call.path("function");
		String id = Json.str(call, "id");
		return new ContentPart.ToolCall(id != null ? id : ToolCallIds.generate("call_"), Json.str(fn, "name"),
				argumentsText(fn.get("arguments")));
	}

	/** Ollama sends arguments as an object; some OpenAI-minded models put a JSON string there instead. */
	private static String argumentsText(JsonNode arguments) {
		if (arguments != null && arguments.isString()) {
			return arguments.stringValue();
		}
		return Json.argumentsText(arguments);
	}

	static StopReason stopReason(String doneReason, boolean sawTool) {
		if ("length".equals(doneReason)) {
			return StopReason.MAX_TOKENS;
		}
		return sawTool ? StopReason.TOOL_USE : StopReason.END_TURN;
	}

	static Usage usage(JsonNode root) {
		if (!root.has("prompt_eval_count") && !root.has("eval_count")) {
			return null;
		}
		return new Usage(Json.count(root, "prompt_eval_count"), Json.count(root, "eval_count"),
				0, 0, 0);
	}

	@Override
	public StreamDecoder newStreamDecoder() {
		return new OllamaStreamDecoder();
	}

	@Override
	public LlmError decodeError(int status, byte[] body) {
		return Errors.errorForStatus(status, PROVIDER, Errors.errorMessage(body));
	}
}
