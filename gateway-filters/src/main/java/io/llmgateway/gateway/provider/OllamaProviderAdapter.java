package io.llmgateway.gateway.provider;

import io.llmgateway.translate.embeddings.OllamaEmbeddings;
import io.llmgateway.translate.embeddings.EmbeddingsRequest;
import io.llmgateway.translate.embeddings.EmbeddingsCodec;
import java.net.URI;

import io.llmgateway.gateway.core.Deployment;
import io.llmgateway.gateway.core.ProviderAdapter;
import io.llmgateway.gateway.core.UpstreamCall;
import io.llmgateway.translate.codec.EncodeOptions;
import io.llmgateway.translate.model.ChatRequest;
import io.llmgateway.translate.ollama.OllamaUpstreamCodec;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import reactor.core.publisher.Mono;

/**
 * {@code provider: ollama}: Ollama's native {@code /api/chat} with NDJSON streaming. {@code api-base} is the server
 * root (default {@code http://localhost:11434}; a pasted {@code .../v1} is accepted). No key is needed; an
 * {@code api-key}, when set, is sent as a bearer token for Ollama servers behind an authenticating proxy.
 */
public final class OllamaProviderAdapter implements ProviderAdapter {

	public static final String ID = "ollama";

	private final OllamaUpstreamCodec codec = new OllamaUpstreamCodec();

	private final OllamaEmbeddings embeddings = new OllamaEmbeddings();

	@Override
	public String id() {
		return ID;
	}

	@Override
	public boolean requiresApiKey() {
		return false;
	}

	@Override
	public Mono<UpstreamCall> prepareChat(Deployment deployment, ChatRequest request, EncodeOptions options) {
		return Mono.fromCallable(() -> {
			byte[] body = codec.encodeRequest(request, options);
			URI uri = ProviderUrls.uri(baseUrl(deployment), "/api/chat");
			return new UpstreamCall(HttpMethod.POST, uri, headers(deployment), body, codec, request.stream());
		});
	}

	@Override
	public EmbeddingsCodec embeddingsCodec(Deployment deployment) {
		return embeddings;
	}

	@Override
	public Mono<UpstreamCall> prepareEmbeddings(Deployment deployment, EmbeddingsCodec codec,
			EmbeddingsRequest request) {
		return EmbeddingsCalls.post(ProviderUrls.uri(baseUrl(deployment), "/api/embed"), headers(deployment), deployment,
				codec, request);
	}

	static String baseUrl(Deployment deployment) {
		return ProviderUrls.withoutSuffix(ProviderUrls.base(deployment, "http://localhost:11434"), "/v1");
	}

	static HttpHeaders headers(Deployment deployment) {
		HttpHeaders headers = new HttpHeaders();
		headers.setContentType(MediaType.APPLICATION_JSON);
		String key = deployment.config().apiKey();
		if (key != null && !key.isBlank()) {
			headers.setBearerAuth(key);
		}
		deployment.config().headers().forEach(headers::set);
		return headers;
	}
}
