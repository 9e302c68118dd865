package io.llmgateway.gateway.provider;

import io.llmgateway.translate.embeddings.CohereEmbeddings;
import io.llmgateway.translate.embeddings.EmbeddingsRequest;
import io.llmgateway.translate.embeddings.EmbeddingsCodec;
import java.net.URI;

import io.llmgateway.gateway.core.Deployment;
import io.llmgateway.gateway.core.ProviderAdapter;
import io.llmgateway.gateway.core.UpstreamCall;
import io.llmgateway.translate.codec.EncodeOptions;
import io.llmgateway.translate.cohere.CohereUpstreamCodec;
import io.llmgateway.translate.model.ChatRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import reactor.core.publisher.Mono;

/**
 * {@code provider: cohere}: Cohere's v2 chat API ({@code POST /v2/chat}, SSE streaming), bearer key.
 * {@code api-base} is the host root (default {@code https://api.cohere.com}).
 */
public final class CohereProviderAdapter implements ProviderAdapter {

	public static final String ID = "cohere";

	private final CohereUpstreamCodec codec = new CohereUpstreamCodec();

	private final CohereEmbeddings embeddings = new CohereEmbeddings();

	@Override
	public String id() {
		return ID;
	}

	@Override
	public boolean requiresApiKey() {
		return true;
	}

	@Override
	public Mono<UpstreamCall> prepareChat(Deployment deployment, ChatRequest request, EncodeOptions options) {
		return Mono.fromCallable(() -> {
			byte[] body = codec.encodeRequest(request, options);
			URI uri = ProviderUrls.uri(baseUrl(deployment), "/v2/chat");
			HttpHeaders headers = headers(deployment);
			if (request.stream()) {
				headers.set(HttpHeaders.ACCEPT, MediaType.TEXT_EVENT_STREAM_VALUE);
			}
			return new UpstreamCall(HttpMethod.POST, uri, headers, body, codec, request.stream());
		});
	}

	@Override
	public EmbeddingsCodec embeddingsCodec(Deployment deployment) {
		return embeddings;
	}

	@Override
	public Mono<UpstreamCall> prepareEmbeddings(Deployment deployment, EmbeddingsCodec codec,
			EmbeddingsRequest request) {
		return EmbeddingsCalls.post(ProviderUrls.uri(baseUrl(deployment), "/v2/embed"), headers(deployment), deployment,
				codec, request);
	}

	static String baseUrl(Deployment deployment) {
		String base = ProviderUrls.base(deployment, "https://api.cohere.com");
		return ProviderUrls.withoutSuffix(ProviderUrls.withoutSuffix(base, "/v2"), "/v1");
	}

	static HttpHeaders headers(Deployment deployment) {
		HttpHeaders headers = new HttpHeaders();
		headers.setContentType(MediaType.APPLICATION_JSON);
		headers.setBearerAuth(deployment.config().apiKey());
		deployment.config().headers().forEach(headers::set);
		return headers;
	}
}
