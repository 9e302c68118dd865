package io.llmgateway.translate.embeddings;

import java.util.List;

import tools.jackson.databind.JsonNode;

/**
 * A canonical embeddings request, parsed once from OpenAI's {@code /v1/embeddings} body.
 * @param model the alias the client asked for
 * @param inputs the texts to embed, in order (empty when the client sent token arrays)
 * @param rawInput the client's {@code input} as sent: OpenAI-compatible providers receive it unchanged, so token
 * arrays work there
 * @param encodingFormat {@code float} (default) or {@code base64}: how the client wants the vectors
 * @param dimensions the requested output size, when the model supports shortening
 * @param user the end user, when named
 * @param inputType a retrieval hint for providers that take one (Cohere {@code input_type}, Gemini
 * {@code taskType}); null for the default
 */
public record EmbeddingsRequest(String model, List<String> inputs, JsonNode rawInput, String encodingFormat,
		Integer dimensions, String user, String inputType) {

	public EmbeddingsRequest {
		inputs = List.copyOf(inputs);
	}

	/** Whether the input was token arrays, which only OpenAI-compatible providers accept. */
	public boolean tokenInput() {
		return inputs.isEmpty() && rawInput != null && rawInput.isArray() && !rawInput.isEmpty();
	}

	public EmbeddingsRequest withInputs(List<String> subset) {
		return new EmbeddingsRequest(model, subset, null, encodingFormat, dimensions, user, inputType);
	}
}
