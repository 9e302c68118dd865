package io.llmgateway.gateway.provider;

import java.net.URI;

import io.llmgateway.gateway.core.UpstreamCall;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;

/** What the adapters' embeddings calls share: a JSON POST answered as a whole and read by an embeddings codec. */
final class EmbeddingsCalls {

	private EmbeddingsCalls() {
	}

	static UpstreamCall post(URI uri, HttpHeaders headers, byte[] body) {
		// no chat codec: the dispatcher reads the answer with the adapter's EmbeddingsCodec
		return new UpstreamCall(HttpMethod.POST, uri, headers, body, null, false);
	}

	/** Content type and accept JSON, the headers every embeddings call starts from. */
	static HttpHeaders json() {
		HttpHeaders headers = new HttpHeaders();
		headers.setContentType(MediaType.APPLICATION_JSON);
		headers.set(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON_VALUE);
		return headers;
	}
}
