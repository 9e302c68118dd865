package io.llmgateway.translate.gemini;

import io.llmgateway.translate.mapping.Json;
import io.llmgateway.translate.model.Usage;
import tools.jackson.databind.JsonNode;

/** Gemini usage arithmetic (docs/translation.md, "Usage"). */
final class GeminiJson {

	private GeminiJson() {
	}

	/**
	 * {@code promptTokenCount} includes cached tokens; {@code candidatesTokenCount} excludes thoughts, while the
	 * canonical output includes reasoning, so thoughts are added to it.
	 */
	static Usage usage(JsonNode meta) {
		if (meta == null || meta.isNull()) {
			return null;
		}
		long prompt = Json.count(meta, "promptTokenCount") + Json.count(meta, "toolUsePromptTokenCount");
		long cached = Json.count(meta, "cachedContentTokenCount");
		long thoughts = Json.count(meta, "thoughtsTokenCount");
		long candidates = Json.count(meta, "candidatesTokenCount");
		return new Usage(Math.max(0, prompt - cached), candidates + thoughts, cached, 0, thoughts);
	}
}
