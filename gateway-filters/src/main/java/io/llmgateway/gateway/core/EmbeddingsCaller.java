package io.llmgateway.gateway.core;

import java.util.List;

import io.llmgateway.translate.embeddings.EmbeddingsResponse;
import reactor.core.publisher.Mono;

/**
 * Embeds text through the gateway's own embeddings path: a configured model alias or group is resolved, routed,
 * retried and cooled down exactly as a client's {@code POST /v1/embeddings} would be. The seam for features that need
 * vectors (the semantic cache with {@code llm.cache.semantic.embedding-model}) without knowing providers.
 */
public interface EmbeddingsCaller {

	/**
	 * The embeddings of {@code inputs}, in order, from the model {@code alias} names.
	 * @param alias a model alias or group from {@code llm.models}
	 * @param inputs the texts to embed
	 * @return the provider's vectors and usage; an {@code LlmException} error when the alias is unknown, has no
	 * embeddings API, or every attempt failed
	 */
	Mono<EmbeddingsResponse> embed(String alias, List<String> inputs);

}
