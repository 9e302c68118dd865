package io.llmgateway.gateway.translate;

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
import io.llmgateway.translate.sse.Bytes;
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

	private static final byte[] DONE_VALUE = "[DONE]".getBytes(StandardCharsets.US_ASCII);

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

	private final FrameBuffer out = new FrameBuffer();

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
		this.verbatim = passThrough && !responses && accumulator == null
				? new VerbatimEvents(parser, onSse, this::onPassThroughData, out, () -> ended, () -> produced = true)
				: null;
	}

	/** True once some output has been produced: from then on, failures are reported in-band. */
	boolean started() {
		return produced;
	}

	/** The frames for one network read (null when there are none). */
	ByteBuffer onChunk(byte[] chunk) {
		if (ended) {
			return null;
		}
		if (passThrough) {
			// passed-through frames are about the size of what was read
			out.reserve(chunk.length + DONE.length);
		}
		if (verbatim != null) {
			try {
				byte[] same = verbatim.feed(chunk);
				if (same != null) {
					return ByteBuffer.wrap(same);
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
	ByteBuffer onEnd() {
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
	ByteBuffer onFailure(LlmError error) {
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
		writeData(data);
		out.writeBytes(EVENT_END);
		produced = true;
	}

	/**
	 * The fast lane's reader of a one-line {@code data:} event that may carry usage, an error or the end: inspected
	 * where it lies and forwarded as it arrived (the same as {@link #onPassThroughEvent}, without decoding it into a
	 * string and encoding it again). Never called when the answer is retained.
	 */
	private void onPassThroughData(byte[] b, int from, int to, int value, int valueEnd) {
		if (ended) {
			return;
		}
		if (Bytes.equals(b, value, valueEnd, DONE_VALUE)) {
			ended = true;
			out.writeBytes(DONE);
			produced = true;
			return;
		}
		OpenAiChunks.Inspection seen = OpenAiChunks.inspect(b, value, valueEnd - value);
		if (seen.usage() != null) {
			observe(seen.usage());
		}
		if (seen.error() != null) {
			llm.error(seen.error());
			ended = true;
		}
		if (seen.usageOnly() && !clientWantsUsage) {
			return;
		}
		out.write(b, from, to - from);
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
		writeData(event.data());
		out.writeBytes(EVENT_END);
		produced = true;
	}

	/** The data field, one {@code data:} line per line of it (the parser joined an event's lines with LF). */
	private void writeData(String data) {
		int from = 0;
		int lf;
		while ((lf = data.indexOf('\n', from)) >= 0) {
			out.writeBytes(DATA);
			out.writeBytes(data.substring(from, lf).getBytes(StandardCharsets.UTF_8));
			out.write('\n');
			from = lf + 1;
		}
		out.writeBytes(DATA);
		out.writeBytes((from == 0 ? data : data.substring(from)).getBytes(StandardCharsets.UTF_8));
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

	private ByteBuffer drain() {
		return out.take();
	}
}
