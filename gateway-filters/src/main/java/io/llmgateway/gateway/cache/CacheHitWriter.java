package io.llmgateway.gateway.cache;

import java.io.ByteArrayOutputStream;

import io.llmgateway.gateway.core.CacheStatus;
import io.llmgateway.gateway.core.LlmExchange;
import io.llmgateway.translate.codec.StreamEncoder;
import io.llmgateway.translate.model.ChatRequest;
import io.llmgateway.translate.model.ChatResponse;
import io.llmgateway.translate.model.Usage;
import io.llmgateway.translate.stream.ResponseReplay;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Answers a cache hit in the client's protocol: the stored canonical answer encoded by the client's codec, or, when
 * the client asked for a stream, replayed as canonical events through a fresh stream encoder (proper SSE, whatever
 * protocol the stored answer came from). Records the hit on the exchange: cache status, the stored usage (so spend
 * can price the saving), status 200, and the answer itself.
 */
final class CacheHitWriter {

	/**
	 * Encodes the answer for the client, then records the hit and writes it.
	 * @throws RuntimeException when the client codec cannot encode the stored answer; nothing was recorded or
	 * written then, so the caller can carry on as for a miss
	 */
	Mono<Void> write(ServerWebExchange exchange, LlmExchange llm, CacheKey key, CachedAnswer answer) {
		return write(exchange, llm, key.hash(), answer, null);
	}

	/**
	 * As {@link #write(ServerWebExchange, LlmExchange, CacheKey, CachedAnswer)}, for an answer found by the
	 * semantic stage when {@code similarity} is not null: {@code x-cache: HIT-SEMANTIC} and
	 * {@code x-cache-similarity}; {@code hash} is the stored answer's key.
	 */
	Mono<Void> write(ServerWebExchange exchange, LlmExchange llm, String hash, CachedAnswer answer,
			Double similarity) {
		ChatRequest request = llm.request();
		ChatResponse stored = answer.response();
		String clientModel = llm.requestedModel();
		boolean stream = request.stream();
		byte[] body = stream
				? replay(stored, llm.clientCodec().newStreamEncoder(clientModel, request.includeUsage(), request))
				: llm.clientCodec().encodeResponse(stored, clientModel, request);

		llm.cacheStatus(CacheStatus.HIT);
		llm.cacheSimilarity(similarity);
		llm.usage(stored.usage() != null ? stored.usage() : Usage.ZERO);
		llm.response(stored);
		llm.status(200);
		ServerHttpResponse response = exchange.getResponse();
		response.setStatusCode(HttpStatus.OK);
		HttpHeaders headers = response.getHeaders();
		headers.set(LlmCacheGatewayFilterFactory.X_CACHE, similarity == null ? "HIT" : "HIT-SEMANTIC");
		headers.set(LlmCacheGatewayFilterFactory.X_CACHE_KEY, hash);
		if (similarity != null) {
			headers.set(LlmCacheGatewayFilterFactory.X_CACHE_SIMILARITY, String.format(java.util.Locale.ROOT, "%.4f", similarity));
		}
		headers.set(HttpHeaders.AGE, Long.toString(answer.ageSeconds(System.currentTimeMillis())));
		llm.markFirstClientByte();
		DataBuffer buffer = response.bufferFactory().wrap(body);
		if (stream) {
			headers.setContentType(MediaType.TEXT_EVENT_STREAM);
			headers.setCacheControl("no-cache");
			// One flushed chunk: the whole replay is ready, so splitting it would only add syscalls.
			return response.writeAndFlushWith(Flux.just(Mono.just(buffer))).doOnSuccess(v -> llm.markDone());
		}
		headers.setContentType(MediaType.APPLICATION_JSON);
		headers.setContentLength(body.length);
		return response.writeWith(Mono.just(buffer)).doOnSuccess(v -> llm.markDone());
	}

	private static byte[] replay(ChatResponse stored, StreamEncoder encoder) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(256 + 2 * estimateTextLength(stored));
		ResponseReplay.replay(stored, event -> {
			byte[] frame = encoder.encode(event);
			if (frame != null) {
				out.writeBytes(frame);
			}
		});
		return out.toByteArray();
	}

	private static int estimateTextLength(ChatResponse stored) {
		int n = 0;
		for (var part : stored.content()) {
			if (part instanceof io.llmgateway.translate.model.ContentPart.Text t && t.text() != null) {
				n += t.text().length();
			}
		}
		return Math.min(n, 1 << 20);
	}
}
