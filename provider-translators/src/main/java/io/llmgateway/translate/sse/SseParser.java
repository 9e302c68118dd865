package io.llmgateway.translate.sse;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * An incremental Server-Sent Events parser (WHATWG HTML, section "event stream interpretation"): bytes in, events out.
 * Lines are buffered as bytes and decoded only once complete, so an event or a multi-byte UTF-8 character split
 * across network reads is reassembled. Accepts {@code \n}, {@code \r\n} and {@code \r} line ends (also when the
 * {@code \r\n} pair itself is split), skips {@code :} comments, joins multi-line {@code data:} fields with
 * {@code \n}. Not thread-safe: one instance per stream, fed in order.
 */
public final class SseParser {

	/** A line longer than this is a broken or hostile upstream, not an event worth buffering. */
	public static final int DEFAULT_MAX_LINE_BYTES = 16 * 1024 * 1024;

	private final int maxLineBytes;

	private byte[] line = new byte[256];

	private int lineLength;

	/** The previous byte was a CR: a directly following LF belongs to the same line end. */
	private boolean afterCr;

	private StringBuilder data;

	private String eventType;

	private String lastId;

	private boolean eventHasFields;

	public SseParser() {
		this(DEFAULT_MAX_LINE_BYTES);
	}

	public SseParser(int maxLineBytes) {
		this.maxLineBytes = maxLineBytes;
	}

	/** Feeds one network read (position to limit; the buffer's position is advanced to its limit). */
	public void feed(ByteBuffer chunk, Consumer<SseEvent> sink) {
		if (chunk.hasArray()) {
			int start = chunk.arrayOffset() + chunk.position();
			feed(chunk.array(), start, chunk.remaining(), sink);
			chunk.position(chunk.limit());
			return;
		}
		byte[] copy = new byte[chunk.remaining()];
		chunk.get(copy);
		feed(copy, 0, copy.length, sink);
	}

	public void feed(byte[] bytes, int offset, int length, Consumer<SseEvent> sink) {
		int end = offset + length;
		int i = offset;
		while (i < end) {
			if (afterCr) {
				afterCr = false;
				if (bytes[i] == '\n') {
					i++;
					continue;
				}
			}
			int lineEnd = i;
			while (lineEnd < end && bytes[lineEnd] != '\n' && bytes[lineEnd] != '\r') {
				lineEnd++;
			}
			append(bytes, i, lineEnd - i);
			if (lineEnd == end) {
				return;
			}
			afterCr = bytes[lineEnd] == '\r';
			processLine(sink);
			i = lineEnd + 1;
		}
	}

	/**
	 * The stream ended. A last line without its line end is processed, and an event without its closing blank line
	 * is still dispatched: some servers end the stream right after the last {@code data:} line.
	 */
	public void end(Consumer<SseEvent> sink) {
		if (lineLength > 0) {
			processLine(sink);
		}
		dispatch(sink);
	}

	private void append(byte[] bytes, int offset, int length) {
		if (length == 0) {
			return;
		}
		int needed = lineLength + length;
		if (needed > maxLineBytes) {
			throw new IllegalStateException("SSE line longer than " + maxLineBytes + " bytes");
		}
		if (needed > line.length) {
			line = Arrays.copyOf(line, Math.max(needed, line.length * 2));
		}
		System.arraycopy(bytes, offset, line, lineLength, length);
		lineLength = needed;
	}

	private void processLine(Consumer<SseEvent> sink) {
		int length = lineLength;
		lineLength = 0;
		if (length == 0) {
			dispatch(sink);
			return;
		}
		if (line[0] == ':') {
			return;
		}
		int colon = -1;
		for (int i = 0; i < length; i++) {
			if (line[i] == ':') {
				colon = i;
				break;
			}
		}
		String field;
		String value;
		if (colon < 0) {
			field = new String(line, 0, length, StandardCharsets.UTF_8);
			value = "";
		}
		else {
			field = new String(line, 0, colon, StandardCharsets.US_ASCII);
			int valueStart = colon + 1;
			if (valueStart < length && line[valueStart] == ' ') {
				valueStart++;
			}
			value = new String(line, valueStart, length - valueStart, StandardCharsets.UTF_8);
		}
		switch (field) {
			case "data" -> {
				if (data == null) {
					data = new StringBuilder(value.length() + 16);
				}
				else {
					data.append('\n');
				}
				data.append(value);
				eventHasFields = true;
			}
			case "event" -> {
				eventType = value;
				eventHasFields = true;
			}
			case "id" -> {
				if (value.indexOf('\0') < 0) {
					lastId = value;
				}
			}
			default -> {
				// "retry" and unknown fields carry nothing the gateway uses
			}
		}
	}

	private void dispatch(Consumer<SseEvent> sink) {
		if (!eventHasFields) {
			return;
		}
		// The spec drops events without data; an event-only frame (e.g. "event: ping") is still useful to decoders.
		String payload = data == null ? "" : data.toString();
		SseEvent event = new SseEvent(eventType, payload, lastId);
		data = null;
		eventType = null;
		eventHasFields = false;
		sink.accept(event);
	}
}
