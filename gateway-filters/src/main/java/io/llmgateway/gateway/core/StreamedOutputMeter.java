package io.llmgateway.gateway.core;

import java.nio.charset.StandardCharsets;

import org.reactivestreams.Publisher;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Meters the generated content a streamed response has sent to the client, so that a stream cut before the provider
 * reported its usage (OpenAI reports it only in the last chunk) is still charged for what was generated: by the rate
 * limiter (characters) and by spend (the text, for a tokenizer count). One meter per exchange, whichever feature asks
 * first ({@link #install}); it reads each frame without changing or retaining the buffer.
 * <p>
 * Content is the JSON string values of {@code content}, {@code reasoning_content}, {@code arguments} (OpenAI) and
 * {@code text}, {@code thinking}, {@code partial_json} (Anthropic); an escape such as {@code \n} or {@code \u00e9}
 * counts as the one character it stands for. Text is kept only when a feature asked for it
 * ({@link #captureText()}), up to {@link #MAX_CHARS} characters; beyond that, characters are only counted.
 */
public final class StreamedOutputMeter {

	public static final int MAX_CHARS = 256 * 1024;

	private static final String[] KEYS = { "\"content\":\"", "\"reasoning_content\":\"", "\"arguments\":\"",
			"\"text\":\"", "\"thinking\":\"", "\"partial_json\":\"" };

	private StringBuilder text;

	private long chars;

	private volatile boolean cut;

	/**
	 * The exchange to continue the chain with: its response metered by the exchange's meter, installed now unless a
	 * filter earlier in the chain did already (then {@code exchange} itself). With {@code captureText}, the meter also
	 * keeps the text; asking before the response starts is all that matters, since no frame flows before dispatch.
	 */
	public static ServerWebExchange install(ServerWebExchange exchange, LlmExchange llm, boolean captureText) {
		StreamedOutputMeter existing = llm.streamedOutput();
		if (existing != null) {
			if (captureText) {
				existing.captureText();
			}
			return exchange;
		}
		StreamedOutputMeter meter = new StreamedOutputMeter();
		if (captureText) {
			meter.captureText();
		}
		llm.streamedOutput(meter);
		return exchange.mutate().response(meter.decorate(exchange.getResponse())).build();
	}

	/** Keeps the text from now on (at most {@link #MAX_CHARS} characters), not only its length. */
	public synchronized void captureText() {
		if (text == null) {
			text = new StringBuilder();
		}
	}

	/** Wraps a response so that every frame written through {@code writeAndFlushWith} or {@code writeWith} is read. */
	public ServerHttpResponse decorate(ServerHttpResponse response) {
		return new ServerHttpResponseDecorator(response) {

			@Override
			public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
				return super.writeWith(Flux.from(body)
					.doOnNext(StreamedOutputMeter.this::observe)
					.doOnCancel(StreamedOutputMeter.this::cut));
			}

			@Override
			public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
				return super.writeAndFlushWith(Flux.from(body)
					.map(frame -> Flux.from(frame).doOnNext(StreamedOutputMeter.this::observe))
					.doOnCancel(StreamedOutputMeter.this::cut));
			}
		};
	}

	/**
	 * True when the server stopped pulling frames before the stream ended: the client went away. (The exchange may
	 * still complete normally, since the write itself ends quietly when the connection closes.)
	 */
	public boolean isCut() {
		return cut;
	}

	private void cut() {
		cut = true;
	}

	/** Every character of generated content seen, including those beyond the capture limit. */
	public synchronized long chars() {
		return chars;
	}

	/** The text captured so far (at most {@link #MAX_CHARS} characters); empty unless {@link #captureText()}. */
	public synchronized String text() {
		return text == null ? "" : text.toString();
	}

	public void observe(DataBuffer buffer) {
		int n = buffer.readableByteCount();
		if (n > 0) {
			byte[] bytes = new byte[n];
			buffer.toByteBuffer(buffer.readPosition(), java.nio.ByteBuffer.wrap(bytes), 0, n);
			observe(new String(bytes, StandardCharsets.UTF_8));
		}
	}

	public synchronized void observe(String frame) {
		for (String key : KEYS) {
			int from = 0;
			int at;
			while ((at = frame.indexOf(key, from)) >= 0) {
				from = readString(frame, at + key.length());
			}
		}
	}

	/** Reads the JSON string starting at {@code i} (after its opening quote); returns the index after it. */
	private int readString(String s, int i) {
		while (i < s.length()) {
			char c = s.charAt(i);
			if (c == '"') {
				return i + 1;
			}
			if (c == '\\' && i + 1 < s.length()) {
				char e = s.charAt(i + 1);
				if (e == 'u' && i + 5 < s.length()) {
					append(unicode(s, i + 2));
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

	private static char unicode(String s, int at) {
		try {
			return (char) Integer.parseInt(s, at, at + 4, 16);
		}
		catch (NumberFormatException ex) {
			return '?';
		}
	}

	private void append(char c) {
		chars++;
		if (text != null && text.length() < MAX_CHARS) {
			text.append(c);
		}
	}
}
