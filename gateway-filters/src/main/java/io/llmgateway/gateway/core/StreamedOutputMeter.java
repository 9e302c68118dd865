package io.llmgateway.gateway.core;

import java.nio.ByteBuffer;
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

	private static final byte[][] KEYS = keys("\"content\":\"", "\"reasoning_content\":\"", "\"arguments\":\"",
			"\"text\":\"", "\"thinking\":\"", "\"partial_json\":\"");

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

	private static byte[][] keys(String... keys) {
		byte[][] bytes = new byte[keys.length][];
		for (int i = 0; i < keys.length; i++) {
			bytes[i] = keys[i].getBytes(StandardCharsets.US_ASCII);
		}
		return bytes;
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

	/** Reads one frame where it is (no copy): the buffer's readable bytes, UTF-8. */
	public void observe(DataBuffer buffer) {
		if (buffer.readableByteCount() == 0) {
			return;
		}
		try (DataBuffer.ByteBufferIterator frames = buffer.readableByteBuffers()) {
			while (frames.hasNext()) {
				observe(frames.next());
			}
		}
	}

	/** Reads one frame given as text. */
	public void observe(String frame) {
		observe(ByteBuffer.wrap(frame.getBytes(StandardCharsets.UTF_8)));
	}

	/** One pass over the frame, in order: every content value is read where its key is found. */
	private synchronized void observe(ByteBuffer frame) {
		int end = frame.limit();
		int i = frame.position();
		while (i < end) {
			if (frame.get(i) == '"') {
				int value = valueAfterKey(frame, i, end);
				if (value >= 0) {
					i = readString(frame, value, end);
					continue;
				}
			}
			i++;
		}
	}

	/** Where the string value starts when one of {@link #KEYS} starts at {@code at}, else -1. */
	private static int valueAfterKey(ByteBuffer b, int at, int end) {
		for (byte[] key : KEYS) {
			if (at + key.length <= end && matches(b, at, key)) {
				return at + key.length;
			}
		}
		return -1;
	}

	private static boolean matches(ByteBuffer b, int at, byte[] key) {
		for (int k = 1; k < key.length; k++) {
			if (b.get(at + k) != key[k]) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Reads the JSON string starting at {@code i} (after its opening quote), decoding UTF-8 and escapes; returns the
	 * index after its closing quote (or {@code end}).
	 */
	private int readString(ByteBuffer b, int i, int end) {
		while (i < end) {
			int c = b.get(i) & 0xFF;
			if (c == '"') {
				return i + 1;
			}
			if (c == '\\' && i + 1 < end) {
				int e = b.get(i + 1);
				if (e == 'u' && i + 5 < end) {
					append(unicode(b, i + 2));
					i += 6;
					continue;
				}
				append(switch (e) {
					case 'n' -> '\n';
					case 't' -> '\t';
					case 'r' -> '\r';
					default -> (char) e;
				});
				i += 2;
				continue;
			}
			if (c < 0x80) {
				append((char) c);
				i++;
				continue;
			}
			i = readMultiByte(b, i, end, c);
		}
		return i;
	}

	/** One UTF-8 sequence of two to four bytes: one char, or a surrogate pair (two, as Java counts them). */
	private int readMultiByte(ByteBuffer b, int i, int end, int lead) {
		int length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
		if (length == 1 || i + length > end) {
			append('\uFFFD');
			return i + 1;
		}
		int cp = lead & (0x7F >> length);
		for (int k = 1; k < length; k++) {
			cp = (cp << 6) | (b.get(i + k) & 0x3F);
		}
		if (Character.isSupplementaryCodePoint(cp)) {
			append(Character.highSurrogate(cp));
			append(Character.lowSurrogate(cp));
		}
		else {
			append((char) cp);
		}
		return i + length;
	}

	private static char unicode(ByteBuffer b, int at) {
		int v = 0;
		for (int k = 0; k < 4; k++) {
			int d = Character.digit(b.get(at + k), 16);
			if (d < 0) {
				return '?';
			}
			v = (v << 4) | d;
		}
		return (char) v;
	}

	private void append(char c) {
		chars++;
		if (text != null && text.length() < MAX_CHARS) {
			text.append(c);
		}
	}
}
