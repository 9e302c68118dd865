package io.llmgateway.gateway.translate;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import io.llmgateway.translate.sse.SseEvent;
import io.llmgateway.translate.sse.SseParser;

import static io.llmgateway.translate.sse.Bytes.indexOf;
import static io.llmgateway.translate.sse.Bytes.startsWith;

/**
 * The fast lane of the OpenAI pass-through: splits each read at event boundaries (a blank line) and copies the
 * events that only carry content straight to the output, without decoding them. Events that may carry usage, an
 * error or the end ({@code "usage"}, {@code "error"}, {@code [DONE]}) and anything that is not a plain
 * {@code data:} event go through the parser and the relay's reader, as before. A read made only of
 * such content events (most reads) is returned as it is, without a copy. A stream with CR line ends leaves the
 * fast lane for the parser for good (the parser handles every line end). An event to be read that is one
 * {@code data:} line (the usage chunk, {@code [DONE]}) is handed to the {@link DataReader} as bytes, where it lies;
 * only other shapes go through the parser.
 */
final class VerbatimEvents {

	private static final byte[] DATA_FIELD = "data:".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] USAGE = "\"usage\"".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] ERROR = "\"error\"".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] DONE_MARK = "[DONE]".getBytes(StandardCharsets.US_ASCII);

	private final SseParser parser;

	private final Consumer<SseEvent> reader;

	private final DataReader dataReader;

	private final FrameBuffer out;

	private final BooleanSupplier ended;

	private final Runnable produced;

	private byte[] pending = new byte[0];

	private int pendingLength;

	private boolean off;

	/**
	 * @param parser the relay's parser, fed whole events (it is at an event boundary between them)
	 * @param reader reads the events that must be read; writes their frames to {@code out}
	 * @param dataReader reads the events to be read that are one {@code data:} line; writes their frames to
	 * {@code out}
	 * @param ended whether the relay has seen the end (then the rest of a read is dropped)
	 * @param produced called when a forwarded event makes the response start
	 */
	VerbatimEvents(SseParser parser, Consumer<SseEvent> reader, DataReader dataReader, FrameBuffer out,
			BooleanSupplier ended, Runnable produced) {
		this.parser = parser;
		this.reader = reader;
		this.dataReader = dataReader;
		this.out = out;
		this.ended = ended;
		this.produced = produced;
	}

	/** The read itself when all of it can be forwarded unchanged, else null (the output went to {@code out}). */
	byte[] feed(byte[] chunk) {
		if (off || indexOf(chunk, 0, chunk.length, (byte) '\r') >= 0) {
			leave(chunk);
			return null;
		}
		byte[] buf = chunk;
		int length = chunk.length;
		if (pendingLength > 0) {
			buf = append(chunk);
			length = pendingLength;
			pendingLength = 0;
		}
		int pos = 0;
		int copiedTo = 0;
		while (pos < length && !ended.getAsBoolean()) {
			int end = eventEnd(buf, pos, length);
			if (end < 0) {
				break;
			}
			if (needsReading(buf, pos, end)) {
				out.write(buf, copiedTo, pos - copiedTo);
				read(buf, pos, end);
				copiedTo = end;
			}
			else {
				produced.run();
			}
			pos = end;
		}
		boolean unchanged = length > 0 && buf == chunk && copiedTo == 0 && pos == length && out.size() == 0;
		if (!unchanged) {
			// before keeping the rest: when buf is the pending buffer, keeping moves bytes within it
			out.write(buf, copiedTo, pos - copiedTo);
		}
		if (!ended.getAsBoolean() && pos < length) {
			keep(buf, pos, length - pos);
			if (pendingLength > SseParser.DEFAULT_MAX_LINE_BYTES) {
				// no event end in sight: the parser enforces its line bound (and reports the broken stream)
				off = true;
				int n = pendingLength;
				pendingLength = 0;
				parser.feed(pending, 0, n, reader);
			}
		}
		return unchanged ? chunk : null;
	}

	/** Reads one whole event [from, to), blank line included. */
	private void read(byte[] b, int from, int to) {
		int lineEnd = to - 2;
		if (startsWith(b, from, to, DATA_FIELD) && indexOf(b, from, lineEnd, (byte) '\n') < 0) {
			int value = from + DATA_FIELD.length;
			if (value < lineEnd && b[value] == ' ') {
				value++;
			}
			dataReader.read(b, from, to, value, lineEnd);
		}
		else {
			parser.feed(b, from, to - from, reader);
		}
	}

	/** Reads an event that is one {@code data:} line: the event is [from, to), its value [value, valueEnd). */
	@FunctionalInterface
	interface DataReader {

		void read(byte[] b, int from, int to, int value, int valueEnd);
	}

	/** The upstream ended: a partial last event goes to the parser, which reports the cut. */
	void end() {
		if (pendingLength > 0 && !ended.getAsBoolean()) {
			parser.feed(pending, 0, pendingLength, reader);
		}
		pendingLength = 0;
	}

	private void leave(byte[] chunk) {
		if (!off) {
			off = true;
			if (pendingLength > 0) {
				parser.feed(pending, 0, pendingLength, reader);
				pendingLength = 0;
			}
		}
		parser.feed(chunk, 0, chunk.length, reader);
	}

	private byte[] append(byte[] chunk) {
		keep(chunk, 0, chunk.length);
		return pending;
	}

	private void keep(byte[] bytes, int from, int count) {
		if (pending.length < pendingLength + count) {
			pending = Arrays.copyOf(pending, Math.max(2 * pending.length, pendingLength + count));
		}
		if (bytes != pending) {
			System.arraycopy(bytes, from, pending, pendingLength, count);
		}
		else if (from != pendingLength) {
			System.arraycopy(bytes, from, pending, 0, count);
		}
		pendingLength = bytes == pending ? count : pendingLength + count;
	}

	/** The index just past the blank line ending the event that starts at {@code from}, or -1 if it is incomplete. */
	static int eventEnd(byte[] b, int from, int to) {
		for (int i = from; i < to - 1; i++) {
			if (b[i] == '\n' && b[i + 1] == '\n') {
				return i + 2;
			}
		}
		return -1;
	}

	/** Whether an event must be read: not a plain {@code data:} event, or one that may carry usage, an error or the end. */
	static boolean needsReading(byte[] b, int from, int to) {
		return !startsWith(b, from, to, DATA_FIELD) || indexOf(b, from, to, USAGE) >= 0 || indexOf(b, from, to, ERROR) >= 0
				|| indexOf(b, from, to, DONE_MARK) >= 0;
	}
}
