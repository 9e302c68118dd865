package io.llmgateway.translate.bedrock;

import io.llmgateway.translate.mapping.ToolCallIds;

/** Bedrock's {@code toolUseId} format: {@code [a-zA-Z0-9_-]+}, at most 64 characters. */
final class BedrockIds {

	private BedrockIds() {
	}

	static String toolUseId(String id) {
		if (id == null || id.isEmpty()) {
			return "tooluse_missing";
		}
		return ToolCallIds.safe(id, 64);
	}
}
