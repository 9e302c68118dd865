package io.llmgateway.translate.bedrock;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.llmgateway.translate.mapping.Errors;
import io.llmgateway.translate.mapping.DataUrl;
import io.llmgateway.translate.mapping.MediaTypes;
import io.llmgateway.translate.codec.EncodeOptions;
import io.llmgateway.translate.model.ChatRequest;
import io.llmgateway.translate.model.ContentPart;
import io.llmgateway.translate.model.Message;
import io.llmgateway.translate.model.Role;
import io.llmgateway.translate.model.ToolChoice;
import io.llmgateway.translate.model.ToolDefinition;
import io.llmgateway.translate.mapping.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The canonical request → a Bedrock Converse body (docs/translation.md, "Bedrock"). The model id is not in the body
 * (it is in the URL).
 */
final class BedrockRequestWriter {

	private static final String PROVIDER = BedrockUpstreamCodec.PROVIDER;

	private BedrockRequestWriter() {
	}

	static byte[] encode(ChatRequest request, EncodeOptions options) {
		if (request.n() != null && request.n() > 1) {
			throw Errors.unsupported(PROVIDER, "n > 1 is not supported by Converse", "n");
		}
		String model = options.upstreamModel() != null ? options.upstreamModel() : request.model();
		ObjectNode body = Json.object();

		ArrayNode system = Json.NODES.arrayNode();
		for (ContentPart p : request.system()) {
			if (p instanceof ContentPart.Text t && !t.text().isEmpty()) {
				system.addObject().put("text", t.text());
			}
		}
		List<Turn> turns = new ArrayList<>();
		Map<String, String> toolNamesInHistory = new LinkedHashMap<>();
		for (Message m : request.messages()) {
			if (m.role() == Role.SYSTEM) {
				String text = m.joinedText();
				if (!text.isEmpty()) {
					system.addObject().put("text", text);
				}
				continue;
			}
			String role = m.role() == Role.ASSISTANT ? "assistant" : "user";
			ArrayNode blocks = Json.NODES.arrayNode();
			for (ContentPart part : m.content()) {
				JsonNode block = block(part, toolNamesInHistory);
				if (block != null) {
					blocks.add(block);
				}
			}
			if (blocks.isEmpty()) {
				continue;
			}
			Turn last = turns.isEmpty() ? null : turns.get(turns.size() - 1);
			if (last != null && last.role.equals(role)) {
				// Converse wants alternating turns: tool results and the user text after them share one user turn.
				last.blocks.addAll(blocks);
			}
			else {
				turns.add(new Turn(role, blocks));
			}
		}
		if (!system.isEmpty()) {
			body.set("system", system);
		}
		ArrayNode messages = body.putArray("messages");
		for (Turn t : turns) {
			ObjectNode msg = messages.addObject();
			msg.put("role", t.role);
			msg.set("content", t.blocks);
		}

		ObjectNode inference = Json.object();
		if (request.maxTokens() != null) {
			inference.put("maxTokens", request.maxTokens());
		}
		if (request.temperature() != null) {
			inference.put("temperature", request.temperature());
		}
		if (request.topP() != null) {
			inference.put("topP", request.topP());
		}
		if (request.stop() != null && !request.stop().isEmpty()) {
			ArrayNode stops = inference.putArray("stopSequences");
			request.stop().forEach(stops::add);
		}
		if (!inference.isEmpty()) {
			body.set("inferenceConfig", inference);
		}

		ObjectNode toolConfig = toolConfig(request, toolNamesInHistory);
		if (toolConfig != null) {
			body.set("toolConfig", toolConfig);
		}

		ObjectNode additional = Json.object();
		boolean anthropic = model != null && model.toLowerCase(Locale.ROOT).contains("anthropic");
		if (request.topK() != null) {
			if (anthropic) {
				additional.put("top_k", request.topK());
			}
			else if (!options.dropParams()) {
				throw Errors.unsupported(PROVIDER, "top_k is only forwarded to Anthropic models on Bedrock",
						"top_k");
			}
		}
		if (request.thinking() != null && anthropic) {
			additional.set("thinking", request.thinking());
		}
		if (!additional.isEmpty()) {
			body.set("additionalModelRequestFields", additional);
		}
		if (request.responseFormat() != null && !"text".equals(Json.str(request.responseFormat(), "type"))
				&& !options.dropParams()) {
			throw Errors.unsupported(PROVIDER, "response_format is not supported by Converse",
					"response_format");
		}
		return Json.write(body);
	}

	private record Turn(String role, ArrayNode blocks) {
	}

	private static JsonNode block(ContentPart part, Map<String, String> toolNames) {
		ObjectNode block = Json.object();
		if (part instanceof ContentPart.Text t) {
			if (t.text().isEmpty()) {
				return null;
			}
			block.put("text", t.text());
		}
		else if (part instanceof ContentPart.Image img) {
			block.set("image", image(img));
		}
		else if (part instanceof ContentPart.Document doc) {
			ObjectNode d = block.putObject("document");
			d.put("format", documentFormat(doc.mediaType()));
			d.put("name", doc.title() == null || doc.title().isBlank() ? "document" : sanitizeDocName(doc.title()));
			d.putObject("source").put("bytes", doc.base64());
		}
		else if (part instanceof ContentPart.ToolCall call) {
			toolNames.putIfAbsent(call.name(), call.name());
			ObjectNode use = block.putObject("toolUse");
			use.put("toolUseId", BedrockIds.toolUseId(call.id()));
			use.put("name", call.name());
			use.set("input", Json.argumentsObject(call.argumentsJson()));
		}
		else if (part instanceof ContentPart.ToolResult result) {
			if (result.name() != null) {
				toolNames.putIfAbsent(result.name(), result.name());
			}
			ObjectNode res = block.putObject("toolResult");
			res.put("toolUseId", BedrockIds.toolUseId(result.toolCallId()));
			ArrayNode content = res.putArray("content");
			for (ContentPart c : result.content()) {
				if (c instanceof ContentPart.Text t) {
					JsonNode json = jsonObjectOrNull(t.text());
					if (json != null) {
						content.addObject().set("json", json);
					}
					else if (!t.text().isEmpty()) {
						content.addObject().put("text", t.text());
					}
				}
				else if (c instanceof ContentPart.Image img) {
					content.addObject().set("image", image(img));
				}
			}
			if (content.isEmpty()) {
				content.addObject().put("text", "");
			}
			res.put("status", result.isError() ? "error" : "success");
		}
		else if (part instanceof ContentPart.Thinking thinking) {
			ObjectNode reasoning = block.putObject("reasoningContent");
			if (thinking.redacted()) {
				reasoning.put("redactedContent", thinking.signature() != null ? thinking.signature() : thinking.text());
			}
			else {
				ObjectNode rt = reasoning.putObject("reasoningText");
				rt.put("text", thinking.text() == null ? "" : thinking.text());
				if (thinking.signature() != null) {
					rt.put("signature", thinking.signature());
				}
			}
		}
		else {
			return null;
		}
		return block;
	}

	private static JsonNode jsonObjectOrNull(String text) {
		String s = text.strip();
		if (!s.startsWith("{")) {
			return null;
		}
		JsonNode node = Json.argumentsObject(s);
		return node.has("_raw") && node.size() == 1 ? null : node;
	}

	private static ObjectNode image(ContentPart.Image img) {
		String mediaType = img.mediaType();
		String data = img.base64();
		if (img.isUrl()) {
			if (!DataUrl.isDataUrl(img.url())) {
				throw Errors.unsupported(PROVIDER,
						"image URLs are not supported by Bedrock; send the image as a base64 data URL", "messages");
			}
			DataUrl dataUrl = DataUrl.parse(img.url(), "messages");
			mediaType = dataUrl.declaredType();
			data = dataUrl.base64();
		}
		ObjectNode image = Json.object();
		image.put("format", imageFormat(MediaTypes.imageType(mediaType, data)));
		image.putObject("source").put("bytes", data);
		return image;
	}

	static String imageFormat(String mediaType) {
		String mt = mediaType == null ? "" : mediaType.toLowerCase(Locale.ROOT);
		return switch (mt) {
			case "image/png" -> "png";
			case "image/gif" -> "gif";
			case "image/webp" -> "webp";
			case "image/jpeg", "image/jpg" -> "jpeg";
			case "" -> throw Errors.unsupported(PROVIDER,
					"the image type could not be determined; send a data URL with an image media type", "messages");
			default -> throw Errors.unsupported(PROVIDER, "unsupported image type " + mediaType, "messages");
		};
	}

	private static String documentFormat(String mediaType) {
		String mt = mediaType == null ? "" : mediaType.toLowerCase(Locale.ROOT);
		return switch (mt) {
			case "application/pdf" -> "pdf";
			case "text/csv" -> "csv";
			case "text/html" -> "html";
			case "text/markdown" -> "md";
			case "text/plain" -> "txt";
			case "application/msword" -> "doc";
			case "application/vnd.openxmlformats-officedocument.wordprocessingml.document" -> "docx";
			case "application/vnd.ms-excel" -> "xls";
			case "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" -> "xlsx";
			default -> throw Errors.unsupported(PROVIDER, "unsupported document type " + mediaType, "messages");
		};
	}

	/** Bedrock document names allow letters, digits, spaces, hyphens, parentheses and brackets only. */
	private static String sanitizeDocName(String name) {
		String cleaned = name.replaceAll("[^A-Za-z0-9 ()\\[\\]-]", " ").replaceAll(" {2,}", " ").strip();
		return cleaned.isEmpty() ? "document" : cleaned;
	}

	/**
	 * Converse has no "none" tool choice and rejects tool history without a {@code toolConfig}: with "none" (or no
	 * tools) and tool blocks in the history, stub definitions are declared so the history stays valid.
	 */
	private static ObjectNode toolConfig(ChatRequest request, Map<String, String> toolNamesInHistory) {
		ToolChoice choice = request.toolChoice();
		boolean none = choice != null && choice.mode() == ToolChoice.Mode.NONE;
		List<ToolDefinition> tools = request.tools();
		ObjectNode config = Json.object();
		ArrayNode specs = config.putArray("tools");
		if (!tools.isEmpty() && !none) {
			for (ToolDefinition tool : tools) {
				ObjectNode spec = specs.addObject().putObject("toolSpec");
				spec.put("name", tool.name());
				if (tool.description() != null && !tool.description().isEmpty()) {
					spec.put("description", tool.description());
				}
				JsonNode schema = tool.parameters();
				if (schema == null || schema.isNull() || schema.isEmpty()) {
					ObjectNode empty = Json.object();
					empty.put("type", "object");
					empty.putObject("properties");
					schema = empty;
				}
				spec.putObject("inputSchema").set("json", schema);
			}
			if (choice != null) {
				ObjectNode tc = config.putObject("toolChoice");
				switch (choice.mode()) {
					case AUTO -> tc.putObject("auto");
					case REQUIRED -> tc.putObject("any");
					case TOOL -> tc.putObject("tool").put("name", choice.toolName());
					default -> config.remove("toolChoice");
				}
			}
			return config;
		}
		if (toolNamesInHistory.isEmpty()) {
			return null;
		}
		Map<String, ToolDefinition> declared = new LinkedHashMap<>();
		tools.forEach(t -> declared.put(t.name(), t));
		for (String name : toolNamesInHistory.keySet()) {
			ObjectNode spec = specs.addObject().putObject("toolSpec");
			spec.put("name", name);
			ToolDefinition def = declared.get(name);
			JsonNode schema = def != null ? def.parameters() : null;
			if (schema == null || schema.isNull() || schema.isEmpty()) {
				ObjectNode empty = Json.object();
				empty.put("type", "object");
				empty.putObject("properties");
				schema = empty;
			}
			spec.putObject("inputSchema").set("json", schema);
		}
		return config;
	}
}
