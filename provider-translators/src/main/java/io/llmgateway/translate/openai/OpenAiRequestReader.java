package io.llmgateway.translate.openai;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.llmgateway.translate.mapping.Json;
import io.llmgateway.translate.Protocol;
import io.llmgateway.translate.mapping.DataUrl;
import io.llmgateway.translate.model.ChatRequest;
import io.llmgateway.translate.model.ContentPart;
import io.llmgateway.translate.model.ErrorType;
import io.llmgateway.translate.model.LlmError;
import io.llmgateway.translate.model.LlmException;
import io.llmgateway.translate.model.Message;
import io.llmgateway.translate.model.Role;
import io.llmgateway.translate.model.ToolChoice;
import io.llmgateway.translate.model.ToolDefinition;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * OpenAI Chat Completions request bodies → the canonical {@link ChatRequest} (docs/translation.md, "OpenAI Chat
 * Completions").
 * <p>
 * Conventions other codecs rely on: {@code system} and {@code developer} messages stay in
 * {@link ChatRequest#messages()} as {@link Role#SYSTEM} messages, in place (an upstream codec whose protocol has a
 * top-level system field hoists them); {@link ChatRequest#system()} is left empty by this reader. Parameters without
 * a canonical field are kept in {@link ChatRequest#extra()} under their OpenAI names and written back unchanged by
 * {@link OpenAiRequestWriter}.
 */
final class OpenAiRequestReader {

	/** Fields read into canonical fields; everything else goes to {@code extra}. */
	private static final Set<String> KNOWN = Set.of("model", "messages", "tools", "tool_choice", "parallel_tool_calls",
			"max_tokens", "max_completion_tokens", "temperature", "top_p", "top_k", "stop", "stream", "n", "seed",
			"user", "response_format", "reasoning_effort");

	private OpenAiRequestReader() {
	}

	static ChatRequest decode(byte[] body) {
		JsonNode root;
		try {
			root = Json.MAPPER.readTree(body);
		}
		catch (JacksonException ex) {
			throw invalid(io.llmgateway.translate.mapping.Json.describe("The request body", ex) + ".", null);
		}
		if (root == null || !root.isObject()) {
			throw invalid("The request body must be a JSON object.", null);
		}
		ChatRequest request = new ChatRequest().clientProtocol(Protocol.OPENAI);
		JsonNode model = root.get("model");
		if (model == null || model.isNull()) {
			throw invalid("Missing required parameter: 'model'.", "model");
		}
		if (!model.isString() || model.stringValue().isBlank()) {
			throw invalid("Invalid 'model': expected a non-empty string.", "model");
		}
		request.model(model.stringValue());
		JsonNode messages = root.get("messages");
		if (messages == null || messages.isNull()) {
			throw invalid("Missing required parameter: 'messages'.", "messages");
		}
		if (!messages.isArray() || messages.isEmpty()) {
			throw invalid("Invalid 'messages': expected a non-empty array of messages.", "messages");
		}
		for (int i = 0; i < messages.size(); i++) {
			request.messages().add(decodeMessage(messages.get(i), "messages[" + i + "]"));
		}
		decodeTools(root, request);
		request.parallelToolCalls(bool(root, "parallel_tool_calls"));
		Integer maxTokens = integer(root, "max_completion_tokens");
		request.maxTokens(maxTokens != null ? maxTokens : integer(root, "max_tokens"));
		request.temperature(decimal(root, "temperature"));
		request.topP(decimal(root, "top_p"));
		request.topK(integer(root, "top_k"));
		JsonNode stop = root.get("stop");
		if (stop != null && !stop.isNull()) {
			List<String> stops = new ArrayList<>();
			if (stop.isString()) {
				stops.add(stop.stringValue());
			}
			else if (stop.isArray()) {
				for (JsonNode s : stop) {
					if (!s.isString()) {
						throw invalid("Invalid 'stop': expected a string or an array of strings.", "stop");
					}
					stops.add(s.stringValue());
				}
			}
			else {
				throw invalid("Invalid 'stop': expected a string or an array of strings.", "stop");
			}
			request.stop(stops);
		}
		Boolean stream = bool(root, "stream");
		request.stream(stream != null && stream);
		JsonNode streamOptions = root.get("stream_options");
		if (streamOptions != null && streamOptions.isObject()) {
			JsonNode includeUsage = streamOptions.get("include_usage");
			request.includeUsage(includeUsage != null && includeUsage.isBoolean() && includeUsage.booleanValue());
		}
		request.n(integer(root, "n"));
		JsonNode seed = root.get("seed");
		if (seed != null && seed.isNumber()) {
			request.seed(seed.longValue());
		}
		request.user(Json.str(root, "user"));
		JsonNode responseFormat = root.get("response_format");
		if (responseFormat != null && !responseFormat.isNull()) {
			request.responseFormat(responseFormat);
		}
		request.reasoningEffort(Json.str(root, "reasoning_effort"));
		for (Map.Entry<String, JsonNode> e : root.properties()) {
			if (!KNOWN.contains(e.getKey())) {
				request.extra().put(e.getKey(), e.getValue());
			}
		}
		return request;
	}

	private static Message decodeMessage(JsonNode m, String path) {
		if (m == null || !m.isObject()) {
			throw invalid("Invalid '" + path + "': expected an object.", path);
		}
		String role = Json.str(m, "role");
		if (role == null) {
			throw invalid("Missing required parameter: '" + path + ".role'.", path + ".role");
		}
		String name = Json.str(m, "name");
		JsonNode content = m.get("content");
		return switch (role) {
			case "system", "developer" -> new Message(Role.SYSTEM, parts(content, path, false), name);
			case "user" -> new Message(Role.USER, parts(content, path, true), name);
			case "assistant" -> {
				List<ContentPart> parts = new ArrayList<>(parts(content, path, false));
				String refusal = Json.str(m, "refusal");
				if (refusal != null && !refusal.isEmpty()) {
					parts.add(new ContentPart.Text(refusal));
				}
				JsonNode reasoning = m.get("reasoning_content");
				if (reasoning != null && reasoning.isString() && !reasoning.stringValue().isEmpty()) {
					parts.add(0, new ContentPart.Thinking(reasoning.stringValue(), null, false));
				}
				JsonNode calls = m.get("tool_calls");
				if (calls != null && calls.isArray()) {
					for (int i = 0; i < calls.size(); i++) {
						JsonNode call = calls.get(i);
						JsonNode fn = call.path("function");
						String fnName = Json.str(fn, "name");
						if (fnName == null) {
							throw invalid("Missing required parameter: '" + path + ".tool_calls[" + i + "].function.name'.",
									path + ".tool_calls[" + i + "].function.name");
						}
						String args = Json.str(fn, "arguments");
						parts.add(new ContentPart.ToolCall(Json.str(call, "id"), fnName, args == null ? "" : args));
					}
				}
				yield new Message(Role.ASSISTANT, parts, name);
			}
			case "tool" -> {
				String callId = Json.str(m, "tool_call_id");
				if (callId == null) {
					throw invalid("Missing required parameter: '" + path + ".tool_call_id'.", path + ".tool_call_id");
				}
				yield new Message(Role.TOOL,
						List.of(new ContentPart.ToolResult(callId, name, parts(content, path, false), false)), null);
			}
			default -> throw invalid("Invalid value for '" + path + ".role': '" + role
					+ "'. Supported values are: 'system', 'developer', 'user', 'assistant' and 'tool'.", path + ".role");
		};
	}

	private static List<ContentPart> parts(JsonNode content, String path, boolean media) {
		if (content == null || content.isNull()) {
			return List.of();
		}
		if (content.isString()) {
			return List.of(new ContentPart.Text(content.stringValue()));
		}
		if (!content.isArray()) {
			throw invalid("Invalid '" + path + ".content': expected a string or an array of content parts.",
					path + ".content");
		}
		List<ContentPart> parts = new ArrayList<>(content.size());
		for (int i = 0; i < content.size(); i++) {
			JsonNode part = content.get(i);
			String partPath = path + ".content[" + i + "]";
			String type = part.isObject() ? Json.str(part, "type") : null;
			if (type == null) {
				throw invalid("Missing required parameter: '" + partPath + ".type'.", partPath + ".type");
			}
			switch (type) {
				case "text" -> parts.add(new ContentPart.Text(textOf(part, partPath)));
				case "refusal" -> parts.add(new ContentPart.Text(Json.str(part, "refusal")));
				case "image_url" -> {
					requireMedia(media, type, partPath);
					JsonNode image = part.path("image_url");
					String url = image.isString() ? image.stringValue() : Json.str(image, "url");
					if (url == null) {
						throw invalid("Missing required parameter: '" + partPath + ".image_url.url'.",
								partPath + ".image_url.url");
					}
					String detail = image.isObject() ? Json.str(image, "detail") : null;
					parts.add(DataUrl.image(url, detail, partPath + ".image_url.url"));
				}
				case "file" -> {
					requireMedia(media, type, partPath);
					JsonNode file = part.path("file");
					String fileData = Json.str(file, "file_data");
					if (!DataUrl.isDataUrl(fileData)) {
						throw invalid("Unsupported '" + partPath + ".file': only inline 'file_data' data URLs are"
								+ " supported by this gateway, not 'file_id'.", partPath + ".file");
					}
					DataUrl data = DataUrl.parse(fileData, partPath + ".file.file_data");
					parts.add(new ContentPart.Document(data.mediaType(), data.base64(), Json.str(file, "filename")));
				}
				default -> throw invalid("Unsupported content part type '" + type + "' in '" + partPath + "'.",
						partPath + ".type");
			}
		}
		return parts;
	}

	private static String textOf(JsonNode part, String path) {
		String text = Json.str(part, "text");
		if (text == null) {
			throw invalid("Missing required parameter: '" + path + ".text'.", path + ".text");
		}
		return text;
	}

	private static void requireMedia(boolean media, String type, String path) {
		if (!media) {
			throw invalid("Content part type '" + type + "' is only allowed in user messages ('" + path + "').",
					path + ".type");
		}
	}

	private static void decodeTools(JsonNode root, ChatRequest request) {
		JsonNode tools = root.get("tools");
		if (tools != null && !tools.isNull()) {
			if (!tools.isArray()) {
				throw invalid("Invalid 'tools': expected an array.", "tools");
			}
			for (int i = 0; i < tools.size(); i++) {
				JsonNode tool = tools.get(i);
				String type = Json.str(tool, "type");
				if (!"function".equals(type)) {
					throw invalid("Unsupported tool type '" + type + "' in 'tools[" + i + "]': only 'function' tools are"
							+ " supported.", "tools[" + i + "].type");
				}
				JsonNode fn = tool.path("function");
				String name = Json.str(fn, "name");
				if (name == null) {
					throw invalid("Missing required parameter: 'tools[" + i + "].function.name'.",
							"tools[" + i + "].function.name");
				}
				JsonNode params = fn.get("parameters");
				JsonNode strict = fn.get("strict");
				request.tools().add(new ToolDefinition(name, Json.str(fn, "description"),
						params == null || params.isNull() ? null : params,
						strict != null && strict.isBoolean() ? strict.booleanValue() : null));
			}
		}
		JsonNode choice = root.get("tool_choice");
		if (choice == null || choice.isNull()) {
			return;
		}
		if (choice.isString()) {
			request.toolChoice(switch (choice.stringValue()) {
				case "none" -> new ToolChoice(ToolChoice.Mode.NONE, null);
				case "required" -> new ToolChoice(ToolChoice.Mode.REQUIRED, null);
				case "auto" -> ToolChoice.AUTO;
				default -> throw invalid("Invalid value for 'tool_choice': '" + choice.stringValue() + "'.", "tool_choice");
			});
			return;
		}
		String fnName = Json.str(choice.path("function"), "name");
		if (fnName != null) {
			request.toolChoice(new ToolChoice(ToolChoice.Mode.TOOL, fnName));
			return;
		}
		if ("allowed_tools".equals(Json.str(choice, "type"))) {
			// No canonical form for a tool subset: keep it verbatim for OpenAI-compatible upstreams.
			request.extra().put("tool_choice", choice);
			return;
		}
		throw invalid("Invalid 'tool_choice'.", "tool_choice");
	}

	private static Boolean bool(JsonNode root, String field) {
		JsonNode v = root.get(field);
		if (v == null || v.isNull()) {
			return null;
		}
		if (!v.isBoolean()) {
			throw invalid("Invalid type for '" + field + "': expected a boolean.", field);
		}
		return v.booleanValue();
	}

	private static Integer integer(JsonNode root, String field) {
		JsonNode v = root.get(field);
		if (v == null || v.isNull()) {
			return null;
		}
		if (!v.isIntegralNumber() || !v.canConvertToInt()) {
			throw invalid("Invalid type for '" + field + "': expected an integer.", field);
		}
		return v.intValue();
	}

	private static Double decimal(JsonNode root, String field) {
		JsonNode v = root.get(field);
		if (v == null || v.isNull()) {
			return null;
		}
		if (!v.isNumber()) {
			throw invalid("Invalid type for '" + field + "': expected a number.", field);
		}
		return v.doubleValue();
	}

	static LlmException invalid(String message, String param) {
		return new LlmException(LlmError.of(ErrorType.INVALID_REQUEST, message).withParam(param));
	}
}
