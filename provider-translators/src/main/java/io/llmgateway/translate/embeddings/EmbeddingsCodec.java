package io.llmgateway.translate.embeddings;

import io.llmgateway.translate.model.LlmError;

/**
 * The provider side of an embeddings API. Stateless and thread-safe. A provider that embeds fewer inputs per call
 * than the client sent (Bedrock Titan: one) says so with {@link #maxInputsPerCall()}; the caller splits the request
 * and {@link EmbeddingsResponse#merge merges} the answers.
 */
public interface EmbeddingsCodec {

	/** Serializes one provider call; {@code upstreamModel} is the provider's model id. */
	byte[] encodeRequest(EmbeddingsRequest request, String upstreamModel);

	EmbeddingsResponse decodeResponse(byte[] body);

	LlmError decodeError(int status, byte[] body);

	default int maxInputsPerCall() {
		return Integer.MAX_VALUE;
	}

	/** Whether token-array inputs can be sent as they are. */
	default boolean acceptsTokenInput() {
		return false;
	}

	/** A rough token estimate (four characters per token) for providers that report no usage. */
	static long estimateTokens(Iterable<String> inputs) {
		long chars = 0;
		for (String s : inputs) {
			chars += s.length();
		}
		return (chars + 3) / 4;
	}
}
