package io.llmgateway.gateway.core;

import io.llmgateway.translate.codec.EncodeOptions;
import io.llmgateway.translate.embeddings.EmbeddingsCodec;
import io.llmgateway.translate.embeddings.EmbeddingsRequest;
import io.llmgateway.translate.model.ChatRequest;
import org.springframework.http.HttpHeaders;
import reactor.core.publisher.Mono;

/**
 * A provider = its codecs + an auth scheme + a URL scheme, for every endpoint the gateway serves (chat, count
 * tokens, embeddings): adding a provider is adding one adapter bean. The dispatchers look adapters up by
 * {@link #id()} in the {@link ProviderRegistry}.
 */
public interface ProviderAdapter {

	/** The {@code provider:} value in {@code llm.models[]}. */
	String id();

	/** Whether a deployment of this provider must have an {@code api-key} (validated at start-up). */
	boolean requiresApiKey();

	/** Whether a deployment of this provider must have an {@code api-base} (validated at start-up). */
	default boolean requiresApiBase() {
		return false;
	}

	/**
	 * Checks provider-specific settings of one deployment at start-up, beyond api-key and api-base.
	 * @param key the property path of the entry, e.g. {@code llm.models[2]}, for the message
	 * @throws IllegalStateException naming the offending key
	 */
	default void validate(LlmProperties.Model model, String key) {
	}

	/**
	 * Builds the provider request for one attempt. Asynchronous because some credentials (Vertex tokens) may need
	 * a refresh; that work never runs on the event loop.
	 */
	Mono<UpstreamCall> prepareChat(Deployment deployment, ChatRequest request, EncodeOptions options);

	/**
	 * Builds the provider's own count-tokens request for {@code POST /v1/messages/count_tokens}, or completes empty
	 * when the provider has no such API (the gateway then counts locally with the model family's tokenizer).
	 */
	default Mono<CountTokensCall> prepareCountTokens(Deployment deployment, ChatRequest request,
			EncodeOptions options) {
		return Mono.empty();
	}

	/**
	 * The codec of this provider's embeddings API for one deployment (batch size, token-array support, wire format),
	 * or null when the provider has none: an embeddings request for it is then refused with a 400 naming the model.
	 */
	default EmbeddingsCodec embeddingsCodec(Deployment deployment) {
		return null;
	}

	/**
	 * Builds one embeddings call of {@code request} (already split to {@code codec}'s batch size). The returned call
	 * has no chat codec: its answer is read by {@code codec}.
	 */
	default Mono<UpstreamCall> prepareEmbeddings(Deployment deployment, EmbeddingsCodec codec,
			EmbeddingsRequest request) {
		return Mono.error(new IllegalStateException("Provider '" + id() + "' has no embeddings API"));
	}

	/** Input tokens an embeddings answer reports in a header rather than its body (Bedrock), or null. */
	default Long embeddingsTokens(HttpHeaders headers) {
		return null;
	}
}
