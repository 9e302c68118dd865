package io.llmgateway.translate.support;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Splits a byte stream into lines for NDJSON framing (Ollama). Works on bytes, so a UTF-8 character split across
 * network reads is only decoded once its line is complete. Not thread-safe.
 */
public final class LineFramer {

	private final int maxLineBytes;

	private final boolean keepBlankLines;

	private byte[] buffer = new byte[1024];

	private int length;

	/** @param maxLineBytes a line longer than this is a protocol error (protects memory) */
	public LineFramer(int maxLineBytes) {
		this(maxLineBytes, false);
	}

	/** @param keepBlankLines emit blank lines too (they delimit SSE events) */
	public LineFramer(int maxLineBytes, boolean keepBlankLines) {
		this.maxLineBytes = maxLineBytes;
		this.keepBlankLines = keepBlankLines;
	}

	/**
	 * Feeds one read and emits every complete line (blank ones only when asked) (without the line terminator).
	 * @throws IllegalStateException when a line exceeds the limit
	 */
	public void feed(ByteBuffer chunk, Consumer<String> lines) {
		while (chunk.hasRemaining()) {
			byte b = chunk.get();
			if (b == '\n') {
				emit(lines);
				continue;
			}
			if (length == buffer.length) {
				if (length >= maxLineBytes) {
					throw new IllegalStateException("line longer than " + maxLineBytes + " bytes");
				}
				buffer = Arrays.copyOf(buffer, Math.min(maxLineBytes, length * 2));
			}
			buffer[length++] = b;
		}
	}

	/** The stream ended: emits a last line that had no terminator. */
	public void finish(Consumer<String> lines) {
		if (length > 0) {
			emit(lines);
		}
	}

	private void emit(Consumer<String> lines) {
		int end = length;
		if (end > 0 && buffer[end - 1] == '\r') {
			end--;
		}
		String line = new String(buffer, 0, end, StandardCharsets.UTF_8);
		length = 0;
		if (keepBlankLines || !line.isBlank()) {
			lines.accept(line);
		}
	}
}
