package io.llmgateway.gateway.provider;

import java.net.URI;

import io.llmgateway.gateway.core.Deployment;
import io.llmgateway.gateway.core.UpstreamCall;
import io.llmgateway.translate.embeddings.EmbeddingsCodec;
import io.llmgateway.translate.embeddings.EmbeddingsRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import reactor.core.publisher.Mono;

/** What the adapters' embeddings calls share: a JSON POST answered as a whole and read by an embeddings codec. */
final class EmbeddingsCalls {

	private EmbeddingsCalls() {
	}

	static UpstreamCall post(URI uri, HttpHeaders headers, byte[] body) {
		// no chat codec: the dispatcher reads the answer with the adapter's EmbeddingsCodec
		return new UpstreamCall(HttpMethod.POST, uri, headers, body, null, false);
	}

	/** The call of {@code request} to {@code uri}, its body encoded when subscribed (an encoding error is the Mono's). */
	static Mono<UpstreamCall> post(URI uri, HttpHeaders headers, Deployment deployment, EmbeddingsCodec codec,
			EmbeddingsRequest request) {
		return body(deployment, codec, request).map(body -> post(uri, headers, body));
	}

	/** The provider body of {@code request}, encoded when subscribed, for calls whose headers depend on it (signing). */
	static Mono<byte[]> body(Deployment deployment, EmbeddingsCodec codec, EmbeddingsRequest request) {
		return Mono.fromCallable(() -> codec.encodeRequest(request, deployment.model()));
	}

	/** Content type and accept JSON, the headers every embeddings call starts from. */
	static HttpHeaders json() {
		HttpHeaders headers = new HttpHeaders();
		headers.setContentType(MediaType.APPLICATION_JSON);
		headers.set(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON_VALUE);
		return headers;
	}
}
