package io.llmgateway.gateway.spend;

import java.nio.charset.StandardCharsets;

import org.reactivestreams.Publisher;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import reactor.core.publisher.Flux;

/**
 * Remembers the text a stream has sent to the client, so that a stream cut before the provider reported its usage
 * (OpenAI reports it only in the last chunk) can still be charged for what was generated. Installed by
 * {@code LlmSpend} on streamed requests only; it reads each flushed frame without changing or retaining the buffer,
 * and keeps at most {@link #MAX_CHARS} characters (beyond that it only counts).
 * <p>
 * Text is taken from the JSON string values that carry generated content in the client protocols:
 * {@code content}, {@code reasoning_content}, {@code arguments} (OpenAI) and {@code text}, {@code thinking},
 * {@code partial_json} (Anthropic).
 */
final class StreamedTextMeter {

	static final int MAX_CHARS = 256 * 1024;

	private static final String[] KEYS = { "\"content\":\"", "\"reasoning_content\":\"", "\"arguments\":\"",
			"\"text\":\"", "\"thinking\":\"", "\"partial_json\":\"" };

	private final StringBuilder text = new StringBuilder();

	private long chars;

	/** Wraps a response so that every frame written through {@code writeAndFlushWith} or {@code writeWith} is read. */
	ServerHttpResponse decorate(ServerHttpResponse response) {
		return new ServerHttpResponseDecorator(response) {

			@Override
			public reactor.core.publisher.Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
				return super.writeWith(Flux.from(body).doOnNext(StreamedTextMeter.this::observe));
			}

			@Override
			public reactor.core.publisher.Mono<Void> writeAndFlushWith(
					Publisher<? extends Publisher<? extends DataBuffer>> body) {
				return super.writeAndFlushWith(
						Flux.from(body).map(frame -> Flux.from(frame).doOnNext(StreamedTextMeter.this::observe)));
			}
		};
	}

	void observe(DataBuffer buffer) {
		int n = buffer.readableByteCount();
		if (n == 0) {
			return;
		}
		byte[] bytes = new byte[n];
		buffer.toByteBuffer(buffer.readPosition(), java.nio.ByteBuffer.wrap(bytes), 0, n);
		observe(new String(bytes, StandardCharsets.UTF_8));
	}

	synchronized void observe(String frame) {
		for (String key : KEYS) {
			int from = 0;
			int at;
			while ((at = frame.indexOf(key, from)) >= 0) {
				from = appendString(frame, at + key.length());
			}
		}
	}

	/** Appends the JSON string starting at {@code i} (after its opening quote); returns the index after it. */
	private int appendString(String s, int i) {
		while (i < s.length()) {
			char c = s.charAt(i);
			if (c == '"') {
				return i + 1;
			}
			if (c == '\\' && i + 1 < s.length()) {
				char e = s.charAt(i + 1);
				if (e == 'u' && i + 5 < s.length()) {
					try {
						append((char) Integer.parseInt(s.substring(i + 2, i + 6), 16));
					}
					catch (NumberFormatException ex) {
						append('?');
					}
					i += 6;
					continue;
				}
				append(switch (e) {
					case 'n' -> '\n';
					case 't' -> '\t';
					case 'r' -> '\r';
					default -> e;
				});
				i += 2;
				continue;
			}
			append(c);
			i++;
		}
		return i;
	}

	private void append(char c) {
		chars++;
		if (text.length() < MAX_CHARS) {
			text.append(c);
		}
	}

	/** The text captured so far (at most {@link #MAX_CHARS} characters). */
	synchronized String text() {
		return text.toString();
	}

	/** Every character seen, including those beyond the capture limit. */
	synchronized long chars() {
		return chars;
	}
}
