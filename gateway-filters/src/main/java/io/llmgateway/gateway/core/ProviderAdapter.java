package io.llmgateway.gateway.core;

import io.llmgateway.translate.codec.EncodeOptions;
import io.llmgateway.translate.model.ChatRequest;
import reactor.core.publisher.Mono;

/**
 * A provider = a codec + an auth scheme + a URL scheme. One bean per provider id; the dispatcher looks them up by
 * {@link #id()}.
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
}
