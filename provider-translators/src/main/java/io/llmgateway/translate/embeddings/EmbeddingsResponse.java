package io.llmgateway.translate.embeddings;

import java.util.ArrayList;
import java.util.List;

/**
 * Canonical embeddings answer: one vector per input, in input order, and the prompt tokens consumed.
 * @param promptTokens tokens billed for the inputs
 * @param estimated true when the provider did not report tokens and {@code promptTokens} is an estimate
 */
public record EmbeddingsResponse(String model, List<float[]> vectors, long promptTokens, boolean estimated) {

	public EmbeddingsResponse {
		vectors = List.copyOf(vectors);
	}

	/** Joins partial answers of a request that was split into several provider calls. */
	public static EmbeddingsResponse merge(List<EmbeddingsResponse> parts) {
		List<float[]> all = new ArrayList<>();
		long tokens = 0;
		boolean estimated = false;
		String model = null;
		for (EmbeddingsResponse p : parts) {
			all.addAll(p.vectors());
			tokens += p.promptTokens();
			estimated |= p.estimated();
			model = model == null ? p.model() : model;
		}
		return new EmbeddingsResponse(model, all, tokens, estimated);
	}

	public EmbeddingsResponse withPromptTokens(long tokens) {
		return new EmbeddingsResponse(model, vectors, tokens, false);
	}
}
