package io.llmgateway.gateway.translate;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

import io.llmgateway.gateway.core.LlmExchange;
import io.llmgateway.translate.Protocol;
import io.llmgateway.translate.codec.StreamDecoder;
import io.llmgateway.translate.codec.StreamEncoder;
import io.llmgateway.translate.codec.UpstreamCodec;
import io.llmgateway.translate.model.ErrorType;
import io.llmgateway.translate.model.LlmError;
import io.llmgateway.translate.model.StreamEvent;
import io.llmgateway.translate.model.Usage;
import io.llmgateway.translate.openai.OpenAiChunks;
import io.llmgateway.translate.openai.OpenAiStreamDecoder;
import io.llmgateway.translate.responses.ResponsesStreamDecoder;
import io.llmgateway.translate.sse.SseEvent;
import io.llmgateway.translate.sse.SseParser;
import io.llmgateway.translate.stream.ResponseAccumulator;

/**
 * Turns one upstream stream, read by read, into the bytes to flush to the client, and records what it observes
 * (usage, error, assembled response) on the {@link LlmExchange}. Two modes:
 * <ul>
 * <li>OpenAI in and out: a pass-through. Events are re-framed unchanged ({@code data: <payload>}); only chunks that
 * carry usage or an error are parsed, and the extra usage chunk is dropped when the client did not ask for it.</li>
 * <li>Responses in and out (OpenAI, Azure): a pass-through too. Events are re-framed unchanged ({@code event:} and
 * {@code data:}); only the terminal ones ({@code response.completed}, {@code .incomplete}, {@code .failed},
 * {@code error}) are parsed, for usage and errors (every event when the answer is retained).</li>
 * <li>Anything else: upstream decoder → canonical events → client encoder.</li>
 * </ul>
 * All output of one network read is returned together, so it is flushed as soon as it arrived. Not thread-safe: the
 * reads of one stream arrive in order.
 */
final class StreamRelay {

	private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] EVENT = "event: ".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] EVENT_END = "\n\n".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

	private final LlmExchange llm;

	private final boolean passThrough;

	/** Responses pass-through: reads terminal events (and every event when retaining) into canonical events. */
	private final ResponsesStreamDecoder responsesEvents;

	private final Consumer<StreamEvent> observeResponses = this::observeCanonical;

	private final StreamEncoder encoder;

	private final StreamDecoder decoder;

	private final SseParser parser;

	private final ResponseAccumulator accumulator;

	/** Pass-through only: decodes the same events into canonical ones for the accumulator. */
	private final OpenAiStreamDecoder retainDecoder;

	private final boolean clientWantsUsage;

	private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);

	private boolean produced;

	private boolean ended;

	private final Consumer<SseEvent> onSse = this::onPassThroughEvent;

	private final Consumer<StreamEvent> onEvent = this::onCanonicalEvent;

	/** OpenAI pass-through without retention: events nobody needs to read are forwarded as they arrived. */
	private final VerbatimEvents verbatim;

	StreamRelay(LlmExchange llm, UpstreamCodec upstream) {
		this.llm = llm;
		boolean responses = upstream.protocol() == Protocol.OPENAI_RESPONSES
				&& llm.clientProtocol() == Protocol.OPENAI_RESPONSES;
		this.passThrough = responses
				|| upstream.protocol() == Protocol.OPENAI && llm.clientProtocol() == Protocol.OPENAI;
		this.responsesEvents = responses ? new ResponsesStreamDecoder() : null;
		this.clientWantsUsage = llm.request().includeUsage();
		this.encoder = llm.clientCodec().newStreamEncoder(llm.requestedModel(), clientWantsUsage, llm.request());
		this.accumulator = llm.retainResponseRequested() ? new ResponseAccumulator() : null;
		this.verbatim = passThrough && !responses && accumulator == null ? new VerbatimEvents() : null;
		if (responses) {
			this.parser = new SseParser();
			this.decoder = null;
			this.retainDecoder = null;
		}
		else if (passThrough) {
			this.parser = new SseParser();
			this.decoder = null;
			this.retainDecoder = accumulator != null ? new OpenAiStreamDecoder() : null;
		}
		else {
			this.parser = null;
			this.decoder = upstream.newStreamDecoder(llm.request());
			this.retainDecoder = null;
		}
	}

	/** True once some output has been produced: from then on, failures are reported in-band. */
	boolean started() {
		return produced;
	}

	/** The frames for one network read (possibly empty). */
	byte[] onChunk(byte[] chunk) {
		if (ended) {
			return null;
		}
		if (verbatim != null) {
			try {
				byte[] same = verbatim.feed(chunk);
				if (same != null) {
					return same;
				}
			}
			catch (IllegalStateException ex) {
				fail(LlmError.of(ErrorType.BAD_GATEWAY, "The provider sent a malformed stream."));
			}
		}
		else if (passThrough) {
			try {
				parser.feed(chunk, 0, chunk.length, onSse);
			}
			catch (IllegalStateException ex) {
				fail(LlmError.of(ErrorType.BAD_GATEWAY, "The provider sent a malformed stream."));
			}
		}
		else {
			decoder.decode(ByteBuffer.wrap(chunk), onEvent);
		}
		return drain();
	}

	/** The upstream ended: the frames that close the stream, in-band error included when it was cut. */
	byte[] onEnd() {
		if (!ended) {
			if (passThrough) {
				if (verbatim != null) {
					verbatim.end();
				}
				parser.end(onSse);
				if (!ended) {
					fail(LlmError.of(ErrorType.BAD_GATEWAY, "upstream_stream_cut",
							"The provider's stream ended before the response was complete."));
				}
			}
			else {
				decoder.end(onEvent);
			}
		}
		return drain();
	}

	/** The upstream failed after the stream started (timeout, reset): an in-band error ends the stream. */
	byte[] onFailure(LlmError error) {
		if (!ended) {
			fail(error);
		}
		return drain();
	}

	private void onPassThroughEvent(SseEvent event) {
		if (ended) {
			return;
		}
		if (responsesEvents != null) {
			onResponsesEvent(event);
			return;
		}
		String data = event.data();
		if (data.equals("[DONE]")) {
			ended = true;
			if (retainDecoder != null) {
				retainDecoder.decodeData(data, accumulator);
				llm.response(accumulator.response());
			}
			out.writeBytes(DONE);
			produced = true;
			return;
		}
		OpenAiChunks.Inspection seen = OpenAiChunks.inspect(data);
		if (seen.usage() != null) {
			observe(seen.usage());
		}
		if (seen.error() != null) {
			llm.error(seen.error());
			ended = true;
		}
		if (retainDecoder != null) {
			retainDecoder.decodeData(data, accumulator);
		}
		if (seen.usageOnly() && !clientWantsUsage) {
			return;
		}
		out.writeBytes(DATA);
		out.writeBytes(data.getBytes(StandardCharsets.UTF_8));
		out.writeBytes(EVENT_END);
		produced = true;
	}

	private void onResponsesEvent(SseEvent event) {
		String type = event.event() != null ? event.event() : typeOf(event.data());
		if (accumulator != null || isTerminal(type)) {
			responsesEvents.onEvent(event.event(), event.data(), observeResponses);
		}
		if (event.event() != null) {
			out.writeBytes(EVENT);
			out.writeBytes(event.event().getBytes(StandardCharsets.UTF_8));
			out.write('\n');
		}
		out.writeBytes(DATA);
		out.writeBytes(event.data().getBytes(StandardCharsets.UTF_8));
		out.writeBytes(EVENT_END);
		produced = true;
	}

	private static boolean isTerminal(String type) {
		return type != null && (type.equals("response.completed") || type.equals("response.incomplete")
				|| type.equals("response.failed") || type.equals("error"));
	}

	/** The {@code type} of an event whose frame had no {@code event:} line, without parsing the JSON. */
	private static String typeOf(String data) {
		int at = data.indexOf("\"type\":\"");
		if (at < 0) {
			return null;
		}
		int end = data.indexOf('"', at + 8);
		return end < 0 ? null : data.substring(at + 8, end);
	}

	private void onCanonicalEvent(StreamEvent event) {
		if (ended) {
			return;
		}
		observeCanonical(event);
		byte[] bytes = encoder.encode(event);
		if (bytes != null && bytes.length > 0) {
			out.writeBytes(bytes);
			produced = true;
		}
	}

	/**
	 * Records what a canonical event tells about the exchange: usage, an error, the end, the assembled answer. The
	 * events of a passed-through Responses stream only go through here (they are never re-encoded).
	 */
	private void observeCanonical(StreamEvent event) {
		if (event instanceof StreamEvent.MessageStart s && s.usage() != null) {
			observe(s.usage());
		}
		else if (event instanceof StreamEvent.MessageDelta d && d.usage() != null) {
			observe(d.usage());
		}
		else if (event instanceof StreamEvent.Error e) {
			llm.error(e.error());
			ended = true;
		}
		else if (event instanceof StreamEvent.MessageStop) {
			ended = true;
		}
		if (accumulator != null) {
			accumulator.accept(event);
			if (event instanceof StreamEvent.MessageStop) {
				llm.response(accumulator.response());
			}
		}
	}

	private void observe(Usage usage) {
		Usage current = llm.usage();
		llm.usage(current == null ? usage : current.max(usage));
	}

	private void fail(LlmError error) {
		llm.error(error);
		ended = true;
		byte[] bytes = encoder.encode(new StreamEvent.Error(error));
		if (bytes != null) {
			out.writeBytes(bytes);
			produced = true;
		}
	}

	/**
	 * The fast lane of the OpenAI pass-through: splits each read at event boundaries (a blank line) and copies the
	 * events that only carry content straight to the output, without decoding them. Events that may carry usage, an
	 * error or the end ({@code "usage"}, {@code "error"}, {@code [DONE]}) and anything that is not a plain
	 * {@code data:} event go through the parser and {@link #onPassThroughEvent}, as before. A read made only of
	 * such content events (most reads) is returned as it is, without a copy. A stream with CR line ends leaves the
	 * fast lane for the parser for good (the parser handles every line end).
	 */
	private final class VerbatimEvents {

		private byte[] pending = new byte[0];

		private int pendingLength;

		private boolean off;

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
			while (pos < length && !ended) {
				int end = eventEnd(buf, pos, length);
				if (end < 0) {
					break;
				}
				if (needsReading(buf, pos, end)) {
					out.write(buf, copiedTo, pos - copiedTo);
					parser.feed(buf, pos, end - pos, onSse);
					copiedTo = end;
				}
				else {
					produced = true;
				}
				pos = end;
			}
			boolean unchanged = length > 0 && buf == chunk && copiedTo == 0 && pos == length && out.size() == 0;
			if (!unchanged) {
				// before keeping the rest: when buf is the pending buffer, keeping moves bytes within it
				out.write(buf, copiedTo, pos - copiedTo);
			}
			if (!ended && pos < length) {
				keep(buf, pos, length - pos);
				if (pendingLength > SseParser.DEFAULT_MAX_LINE_BYTES) {
					// no event end in sight: the parser enforces its line bound (and reports the broken stream)
					off = true;
					int n = pendingLength;
					pendingLength = 0;
					parser.feed(pending, 0, n, onSse);
				}
			}
			return unchanged ? chunk : null;
		}

		/** The upstream ended: a partial last event goes to the parser, which reports the cut. */
		void end() {
			if (pendingLength > 0 && !ended) {
				parser.feed(pending, 0, pendingLength, onSse);
			}
			pendingLength = 0;
		}

		private void leave(byte[] chunk) {
			if (!off) {
				off = true;
				if (pendingLength > 0) {
					parser.feed(pending, 0, pendingLength, onSse);
					pendingLength = 0;
				}
			}
			parser.feed(chunk, 0, chunk.length, onSse);
		}

		private byte[] append(byte[] chunk) {
			keep(chunk, 0, chunk.length);
			return pending;
		}

		private void keep(byte[] bytes, int from, int count) {
			if (pending.length < pendingLength + count) {
				pending = java.util.Arrays.copyOf(pending, Math.max(2 * pending.length, pendingLength + count));
			}
			if (bytes != pending) {
				System.arraycopy(bytes, from, pending, pendingLength, count);
			}
			else if (from != pendingLength) {
				System.arraycopy(bytes, from, pending, 0, count);
			}
			pendingLength = bytes == pending ? count : pendingLength + count;
		}
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

	private static final byte[] DATA_FIELD = "data:".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] USAGE = "\"usage\"".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] ERROR = "\"error\"".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] DONE_MARK = "[DONE]".getBytes(StandardCharsets.US_ASCII);

	private static boolean startsWith(byte[] b, int from, int to, byte[] prefix) {
		if (to - from < prefix.length) {
			return false;
		}
		for (int i = 0; i < prefix.length; i++) {
			if (b[from + i] != prefix[i]) {
				return false;
			}
		}
		return true;
	}

	private static int indexOf(byte[] b, int from, int to, byte c) {
		for (int i = from; i < to; i++) {
			if (b[i] == c) {
				return i;
			}
		}
		return -1;
	}

	private static int indexOf(byte[] b, int from, int to, byte[] needle) {
		byte first = needle[0];
		for (int i = from, last = to - needle.length; i <= last; i++) {
			if (b[i] != first) {
				continue;
			}
			int j = 1;
			while (j < needle.length && b[i + j] == needle[j]) {
				j++;
			}
			if (j == needle.length) {
				return i;
			}
		}
		return -1;
	}

	private byte[] drain() {
		if (out.size() == 0) {
			return null;
		}
		byte[] bytes = out.toByteArray();
		out.reset();
		return bytes;
	}
}
