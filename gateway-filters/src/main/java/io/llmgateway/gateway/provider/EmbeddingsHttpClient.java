package io.llmgateway.gateway.provider;

import java.time.Duration;

import io.llmgateway.gateway.core.UpstreamCall;
import org.springframework.http.HttpHeaders;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Sends embeddings calls (never streamed) over a pooled reactor-netty client with keep-alive connections and reads
 * the whole answer. Cancelling the returned Mono closes the connection.
 */
public final class EmbeddingsHttpClient implements AutoCloseable {

	/** A provider answer: status, headers and the complete body. */
	public record Answer(int status, HttpHeaders headers, byte[] body) {
	}

	private final ConnectionProvider pool;

	private final HttpClient client;

	public EmbeddingsHttpClient() {
		this.pool = ConnectionProvider.builder("llm-embeddings")
			.maxConnections(200)
			.maxIdleTime(Duration.ofSeconds(50))
			.pendingAcquireTimeout(Duration.ofSeconds(30))
			.evictInBackground(Duration.ofSeconds(30))
			.build();
		this.client = HttpClient.create(pool).compress(false).followRedirect(false);
	}

	public Mono<Answer> send(UpstreamCall call) {
		byte[] body = call.body();
		return client.headers(h -> {
			call.headers().forEach((name, values) -> h.set(name, values));
			h.set(HttpHeaders.CONTENT_LENGTH, Integer.toString(body.length));
		})
			.request(io.netty.handler.codec.http.HttpMethod.valueOf(call.method().name()))
			.uri(call.uri())
			.send((request, out) -> out.sendByteArray(Mono.just(body)))
			.responseSingle((response, content) -> content.asByteArray().defaultIfEmpty(new byte[0]).map(bytes -> {
				HttpHeaders headers = new HttpHeaders();
				response.responseHeaders().forEach(e -> headers.add(e.getKey(), e.getValue()));
				return new Answer(response.status().code(), headers, bytes);
			}));
	}

	@Override
	public void close() {
		pool.dispose();
	}
}
