package io.llmgateway.gateway.cache;

import java.time.Duration;
import java.util.List;

import io.llmgateway.gateway.core.EmbeddingsCaller;
import io.llmgateway.translate.embeddings.EmbeddingsResponse;

/**
 * Embeds through a configured embeddings alias ({@code llm.cache.semantic.embedding-model}), called through the
 * gateway's own embeddings path ({@link EmbeddingsCaller}). Runs on a semantic worker, which waits for the provider
 * at most {@code llm.cache.semantic.embedding-timeout}: a slower or failing provider makes the request skip the
 * semantic stage (the stage bounds the request's own wait by the same timeout, queueing included).
 */
final class GatewayEmbedder implements Embedder {

	private final EmbeddingsCaller caller;

	private final String alias;

	private final Duration timeout;

	GatewayEmbedder(EmbeddingsCaller caller, String alias, Duration timeout) {
		this.caller = caller;
		this.alias = alias;
		this.timeout = timeout;
	}

	@Override
	public float[] embed(String text) {
		EmbeddingsResponse response = caller.embed(alias, List.of(text)).block(timeout);
		if (response == null || response.vectors().size() != 1) {
			throw new IllegalStateException("the embeddings model '" + alias + "' returned "
					+ (response == null ? "nothing" : response.vectors().size() + " vectors for one input"));
		}
		// copied: the stage keeps the vector in its index, and the response may share its arrays
		return Embedder.normalize(response.vectors().get(0).clone());
	}

	@Override
	public String name() {
		return "gateway:" + alias;
	}
}
