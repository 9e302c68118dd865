package io.llmgateway.translate.anthropic;

import io.llmgateway.translate.mapping.DataUrl;
import io.llmgateway.translate.mapping.Errors;
import io.llmgateway.translate.mapping.Json;
import io.llmgateway.translate.mapping.MediaTypes;
import io.llmgateway.translate.mapping.ToolCallIds;
import io.llmgateway.translate.model.ContentPart;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The content blocks of an Anthropic request: text, images and documents (base64 or URL sources, media types checked
 * against what Anthropic accepts) and {@code tool_result} blocks (docs/translation.md, "Images and documents" and
 * "Tools").
 */
final class AnthropicContentBlocks {

	private AnthropicContentBlocks() {
	}

	static ObjectNode textBlock(String text) {
		ObjectNode b = Json.object();
		b.put("type", "text");
		b.put("text", text);
		return b;
	}

	static ObjectNode image(ContentPart.Image img) {
		ObjectNode b = Json.object();
		b.put("type", "image");
		ObjectNode source = b.putObject("source");
		String mediaType = img.mediaType();
		String data = img.base64();
		if (img.isUrl() && !DataUrl.isDataUrl(img.url())) {
			source.put("type", "url");
			source.put("url", img.url());
			return b;
		}
		if (img.isUrl()) {
			DataUrl parsed = DataUrl.parse(img.url(), "image_url");
			mediaType = parsed.declaredType();
			data = parsed.base64();
		}
		mediaType = MediaTypes.imageType(mediaType, data);
		if (mediaType == null) {
			throw Errors.badRequest("image_url", "The image type could not be determined; send a data: URL with a "
					+ "media type (JPEG, PNG, GIF or WebP for provider anthropic)");
		}
		if (!MediaTypes.ANTHROPIC_IMAGES.contains(mediaType)) {
			throw Errors.badRequest("image_url", "Image type " + mediaType
					+ " is not supported by provider anthropic (use JPEG, PNG, GIF or WebP)");
		}
		source.put("type", "base64");
		source.put("media_type", mediaType);
		source.put("data", data);
		return b;
	}

	static ObjectNode document(ContentPart.Document d) {
		ObjectNode b = Json.object();
		b.put("type", "document");
		ObjectNode source = b.putObject("source");
		source.put("type", "base64");
		source.put("media_type", d.mediaType() == null ? "application/pdf" : d.mediaType());
		source.put("data", d.base64());
		if (d.title() != null) {
			b.put("title", d.title());
		}
		return b;
	}

	static ObjectNode toolResult(ContentPart.ToolResult r) {
		ObjectNode b = Json.object();
		b.put("type", "tool_result");
		b.put("tool_use_id", ToolCallIds.forAnthropic(r.toolCallId()));
		boolean onlyText = true;
		StringBuilder text = new StringBuilder();
		for (ContentPart c : r.content()) {
			if (c instanceof ContentPart.Text t) {
				text.append(t.text());
			}
			else {
				onlyText = false;
			}
		}
		if (onlyText) {
			if (text.length() > 0) {
				b.put("content", text.toString());
			}
		}
		else {
			ArrayNode content = b.putArray("content");
			for (ContentPart c : r.content()) {
				if (c instanceof ContentPart.Text t && t.text() != null && !t.text().isBlank()) {
					content.add(textBlock(t.text()));
				}
				else if (c instanceof ContentPart.Image img) {
					content.add(image(img));
				}
				else if (c instanceof ContentPart.Document d) {
					content.add(document(d));
				}
			}
		}
		if (r.isError()) {
			b.put("is_error", true);
		}
		return b;
	}
}
