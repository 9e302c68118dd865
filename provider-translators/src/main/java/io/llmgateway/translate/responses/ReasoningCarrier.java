package io.llmgateway.translate.responses;

import io.llmgateway.translate.mapping.Json;
import io.llmgateway.translate.model.ContentPart;
import tools.jackson.databind.JsonNode;

/**
 * Carries a provider's signed reasoning (Anthropic thinking signatures, redacted thinking) through a Responses client
 * and back, statelessly: the signature rides in the reasoning item's {@code encrypted_content} with a gateway prefix,
 * the thinking text in its summary. Clients such as Codex send reasoning items back verbatim (they ask for
 * {@code reasoning.encrypted_content}), so the next request restores the exact thinking block, which Anthropic requires
 * before a tool result when extended thinking is on. OpenAI's own encrypted reasoning never has the prefix.
 */
final class ReasoningCarrier {

	private static final String SIGNED = "llmgw.sig:";

	private static final String REDACTED = "llmgw.redacted:";

	private ReasoningCarrier() {
	}

	/** The {@code encrypted_content} for a canonical thinking part, or null when it carries nothing to restore. */
	static String encode(ContentPart.Thinking thinking) {
		if (thinking.signature() == null || thinking.signature().isEmpty()) {
			return null;
		}
		return (thinking.redacted() ? REDACTED : SIGNED) + thinking.signature();
	}

	static String signed(String signature) {
		return signature == null || signature.isEmpty() ? null : SIGNED + signature;
	}

	/** Whether a reasoning input item was produced by the gateway (never to be sent to OpenAI). */
	static boolean isCarrier(JsonNode item) {
		String content = Json.str(item, "encrypted_content");
		return content != null && (content.startsWith(SIGNED) || content.startsWith(REDACTED));
	}

	/** The thinking part a gateway reasoning item stands for, or null for OpenAI's own reasoning. */
	static ContentPart.Thinking decode(JsonNode item) {
		String content = Json.str(item, "encrypted_content");
		if (content == null) {
			return null;
		}
		if (content.startsWith(REDACTED)) {
			return new ContentPart.Thinking(null, content.substring(REDACTED.length()), true);
		}
		if (!content.startsWith(SIGNED)) {
			return null;
		}
		StringBuilder text = new StringBuilder();
		for (JsonNode s : item.path("summary")) {
			String t = Json.str(s, "text");
			if (t != null) {
				text.append(t);
			}
		}
		return new ContentPart.Thinking(text.toString(), content.substring(SIGNED.length()), false);
	}

	/** Whether the input holds reasoning items produced by the gateway. */
	static boolean hasCarrier(JsonNode input) {
		if (input == null || !input.isArray()) {
			return false;
		}
		for (JsonNode item : input) {
			if ("reasoning".equals(Json.str(item, "type")) && isCarrier(item)) {
				return true;
			}
		}
		return false;
	}

	/** Input items without the gateway's reasoning items, for OpenAI (which could not decrypt them). */
	static JsonNode withoutCarriers(JsonNode input) {
		var out = Json.NODES.arrayNode();
		for (JsonNode item : input) {
			if (!("reasoning".equals(Json.str(item, "type")) && isCarrier(item))) {
				out.add(item);
			}
		}
		return out;
	}
}
