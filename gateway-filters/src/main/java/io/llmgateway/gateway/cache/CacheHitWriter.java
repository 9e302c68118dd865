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

	Mono<Void> write(ServerWebExchange exchange, LlmExchange llm, CacheKey key, CachedAnswer answer) {
		ChatRequest request = llm.request();
		ChatResponse stored = answer.response();
		llm.cacheStatus(CacheStatus.HIT);
		llm.usage(stored.usage() != null ? stored.usage() : Usage.ZERO);
		llm.response(stored);
		llm.status(200);

		ServerHttpResponse response = exchange.getResponse();
		response.setStatusCode(HttpStatus.OK);
		HttpHeaders headers = response.getHeaders();
		headers.set(LlmCacheGatewayFilterFactory.X_CACHE, "HIT");
		headers.set(LlmCacheGatewayFilterFactory.X_CACHE_KEY, key.hash());
		headers.set(HttpHeaders.AGE, Long.toString(answer.ageSeconds(System.currentTimeMillis())));

		String clientModel = llm.requestedModel();
		llm.markFirstClientByte();
		if (request.stream()) {
			byte[] body = replay(stored, llm.clientCodec().newStreamEncoder(clientModel, request.includeUsage()));
			headers.setContentType(MediaType.TEXT_EVENT_STREAM);
			headers.setCacheControl("no-cache");
			DataBuffer buffer = response.bufferFactory().wrap(body);
			// One flushed chunk: the whole replay is ready, so splitting it would only add syscalls.
			return response.writeAndFlushWith(Flux.just(Mono.just(buffer))).doOnSuccess(v -> llm.markDone());
		}
		byte[] body = llm.clientCodec().encodeResponse(stored, clientModel);
		headers.setContentType(MediaType.APPLICATION_JSON);
		headers.setContentLength(body.length);
		return response.writeWith(Mono.just(response.bufferFactory().wrap(body))).doOnSuccess(v -> llm.markDone());
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
