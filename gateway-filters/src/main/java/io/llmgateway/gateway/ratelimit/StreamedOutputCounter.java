package io.llmgateway.gateway.ratelimit;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

import org.reactivestreams.Publisher;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Counts the characters of generated content a stream has sent to the client, so a stream cut before the provider
 * reported its usage (OpenAI reports it only in the last chunk) is still charged for what was generated. Reads each
 * frame without changing or retaining it; keeps only a counter. Content is the JSON string values of
 * {@code content}, {@code reasoning_content}, {@code arguments} (OpenAI) and {@code text}, {@code thinking},
 * {@code partial_json} (Anthropic). Installed only on streamed requests of routes without {@code LlmSpend}, which
 * writes its own (token-exact) estimate back to the context before the rate limiter reconciles.
 */
final class StreamedOutputCounter {

	private static final String[] KEYS = { "\"content\":\"", "\"reasoning_content\":\"", "\"arguments\":\"",
			"\"text\":\"", "\"thinking\":\"", "\"partial_json\":\"" };

	private final AtomicLong chars = new AtomicLong();

	private volatile boolean cut;

	ServerHttpResponse decorate(ServerHttpResponse response) {
		return new ServerHttpResponseDecorator(response) {

			@Override
			public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
				return super.writeWith(
						Flux.from(body).doOnNext(StreamedOutputCounter.this::observe).doOnCancel(StreamedOutputCounter.this::cut));
			}

			@Override
			public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
				return super.writeAndFlushWith(Flux.from(body)
					.map(frame -> Flux.from(frame).doOnNext(StreamedOutputCounter.this::observe))
					.doOnCancel(StreamedOutputCounter.this::cut));
			}
		};
	}

	/**
	 * True when the server stopped pulling frames before the stream ended: the client went away. (The exchange may
	 * still complete normally, since the write itself ends quietly when the connection closes.)
	 */
	boolean isCut() {
		return cut;
	}

	private void cut() {
		cut = true;
	}

	/** Characters of generated content seen so far. */
	long chars() {
		return chars.get();
	}

	void observe(DataBuffer buffer) {
		int n = buffer.readableByteCount();
		if (n > 0) {
			byte[] bytes = new byte[n];
			buffer.toByteBuffer(buffer.readPosition(), java.nio.ByteBuffer.wrap(bytes), 0, n);
			observe(new String(bytes, StandardCharsets.UTF_8));
		}
	}

	void observe(String frame) {
		long count = 0;
		for (String key : KEYS) {
			int at = frame.indexOf(key);
			while (at >= 0) {
				int i = at + key.length();
				while (i < frame.length() && frame.charAt(i) != '"') {
					// an escape such as \n or \u00e9 stands for one character
					if (frame.charAt(i) == '\\' && i + 1 < frame.length()) {
						i += frame.charAt(i + 1) == 'u' ? 6 : 2;
					}
					else {
						i++;
					}
					count++;
				}
				at = frame.indexOf(key, i);
			}
		}
		if (count > 0) {
			chars.addAndGet(count);
		}
	}
}
