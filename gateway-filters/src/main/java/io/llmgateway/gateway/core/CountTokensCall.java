package io.llmgateway.gateway.core;

/**
 * A provider's own count-tokens request: the call to send and the top-level field of its JSON answer that holds the
 * count ({@code input_tokens} for Anthropic, {@code totalTokens} for Gemini, {@code inputTokens} for Bedrock).
 */
public record CountTokensCall(UpstreamCall call, String countField) {
}
