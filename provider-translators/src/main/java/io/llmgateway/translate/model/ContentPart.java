package io.llmgateway.translate.model;

import java.util.List;

/**
 * One piece of message content in the canonical model. Codecs map each provider's parts and blocks onto these.
 */
public sealed interface ContentPart {

	/** Plain text. */
	record Text(String text) implements ContentPart {
	}

	/**
	 * An image (or other inline media): either base64 data with its media type, or a URL that the provider may fetch.
	 * Exactly one of {@code base64} and {@code url} is set.
	 */
	record Image(String mediaType, String base64, String url, String detail) implements ContentPart {
		public boolean isUrl() {
			return url != null;
		}
	}

	/** A document such as a PDF, base64-encoded. */
	record Document(String mediaType, String base64, String title) implements ContentPart {
	}

	/** A tool call made by the assistant; {@code argumentsJson} is the raw JSON text of the arguments. */
	record ToolCall(String id, String name, String argumentsJson) implements ContentPart {
	}

	/** The result of a tool call, sent back by the client. */
	record ToolResult(String toolCallId, String name, List<ContentPart> content, boolean isError) implements ContentPart {
	}

	/** Model reasoning that must round-trip to the provider (Anthropic thinking, Gemini thought signatures). */
	record Thinking(String text, String signature, boolean redacted) implements ContentPart {
	}
}
