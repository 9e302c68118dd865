package io.llmgateway.gateway.core;

import io.llmgateway.translate.codec.ClientCodec;
import io.llmgateway.translate.model.LlmError;
import io.llmgateway.translate.openai.OpenAiClientCodec;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Writes an {@link LlmError} as the whole response, in the client's protocol: status, JSON body from
 * {@link ClientCodec#encodeError}, {@code Retry-After} when the error carries one. Records the error and status on the
 * {@link LlmExchange} when there is one. Every filter that rejects a request answers through here.
 */
public final class ErrorWriter {

	private static final Log log = LogFactory.getLog(ErrorWriter.class);

	private static final ClientCodec FALLBACK = new OpenAiClientCodec();

	private ErrorWriter() {
	}

	/** Writes the error with the codec of the exchange's LLM context (OpenAI's when there is none). */
	public static Mono<Void> write(ServerWebExchange exchange, LlmError error) {
		LlmExchange llm = LlmExchange.get(exchange);
		return write(exchange, llm != null ? llm.clientCodec() : FALLBACK, error);
	}

	/** Writes the error with an explicit codec: for rejections before the LLM context exists. */
	public static Mono<Void> write(ServerWebExchange exchange, ClientCodec codec, LlmError error) {
		LlmExchange llm = LlmExchange.get(exchange);
		if (llm != null) {
			llm.error(error);
			llm.status((codec != null ? codec : FALLBACK).httpStatus(error));
		}
		ServerHttpResponse response = exchange.getResponse();
		if (response.isCommitted()) {
			// Too late for a status: the caller should have sent the error in-band.
			log.debug("Response already committed; dropping error " + error.status() + " " + error.type());
			return Mono.empty();
		}
		byte[] body = (codec != null ? codec : FALLBACK).encodeError(error);
		// the dialect decides the status: an overloaded provider is 529 for Anthropic clients, 503 for OpenAI ones
		response.setStatusCode(HttpStatusCode.valueOf((codec != null ? codec : FALLBACK).httpStatus(error)));
		HttpHeaders headers = response.getHeaders();
		headers.setContentType(MediaType.APPLICATION_JSON);
		headers.setContentLength(body.length);
		if (error.retryAfterSeconds() != null) {
			headers.set(HttpHeaders.RETRY_AFTER, Long.toString(error.retryAfterSeconds()));
		}
		DataBuffer buffer = response.bufferFactory().wrap(body);
		return response.writeWith(Mono.just(buffer));
	}
}
