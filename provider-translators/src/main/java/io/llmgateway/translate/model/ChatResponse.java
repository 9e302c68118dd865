package io.llmgateway.translate.model;

import java.util.List;

/** A complete (non-streamed) assistant answer in the canonical model. */
public record ChatResponse(String id, String model, List<ContentPart> content, StopReason stopReason, Usage usage,
		long created) {

	public ChatResponse {
		content = List.copyOf(content);
	}
}
