package io.llmgateway.gateway.translate;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The frames a stream relay writes for one network read, in one array that is handed over as it is: no
 * {@code toByteArray} copy, and, with {@link #reserve} called for the read's size, no growing copies either (a
 * {@code ByteArrayOutputStream} cost a stream request about 3 KB of both). After {@link #take} the next read starts a
 * new array: the one handed over now belongs to the response being written.
 */
final class FrameBuffer {

	private static final byte[] EMPTY = new byte[0];

	private byte[] buf = EMPTY;

	private int count;

	/** Makes room for at least {@code bytes} more without another copy. */
	void reserve(int bytes) {
		if (buf.length - count < bytes) {
			buf = Arrays.copyOf(buf, Math.max(count + bytes, 2 * buf.length));
		}
	}

	void write(int b) {
		reserve(1);
		buf[count++] = (byte) b;
	}

	void write(byte[] b, int off, int len) {
		reserve(len);
		System.arraycopy(b, off, buf, count, len);
		count += len;
	}

	void writeBytes(byte[] b) {
		write(b, 0, b.length);
	}

	int size() {
		return count;
	}

	/** What was written since the last take (array-backed, from index 0), or null when nothing was. */
	ByteBuffer take() {
		if (count == 0) {
			return null;
		}
		ByteBuffer frames = ByteBuffer.wrap(buf, 0, count);
		buf = EMPTY;
		count = 0;
		return frames;
	}
}
