package io.llmgateway.gateway.support.mock;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import software.amazon.eventstream.HeaderValue;
import software.amazon.eventstream.Message;

import io.llmgateway.gateway.support.mock.MockProvider.Behaviour;

/**
 * How a {@link MockProvider} answers, independent of the wire format: a status with a JSON or raw body, SSE (whole
 * frames or {@code data:} payloads), NDJSON, AWS event-stream frames, and the failure modes (a stream cut mid-way,
 * an endless stream, a request never answered, a late answer).
 */
public final class Replies {

	private Replies() {
	}

	public static Behaviour json(int status, String body) {
		return raw(status, "application/json", body);
	}

	public static Behaviour jsonWithHeader(int status, String body, String header, String value) {
		return (req, res) -> res.status(status)
			.header("content-type", "application/json")
			.header(header, value)
			.sendString(Mono.just(body));
	}

	/** One body of the given content type, in one write. */
	public static Behaviour raw(int status, String contentType, String body) {
		return (req, res) -> res.status(status)
			.header("content-type", contentType)
			.sendString(Mono.just(body), StandardCharsets.UTF_8);
	}

	/** Sends each SSE payload as {@code data: <payload>\n\n}, one write per event, {@code delay} apart. */
	public static Behaviour sse(List<String> payloads, Duration delay) {
		return (req, res) -> res.status(200)
			.header("content-type", "text/event-stream; charset=utf-8")
			.sendString(Flux.fromIterable(payloads).delayElements(delay).map(p -> "data: " + p + "\n\n"),
					StandardCharsets.UTF_8);
	}

	/**
	 * One SSE frame: {@code event: <name>} (left out when name is null, as OpenAI chat streams and Gemini send it)
	 * and {@code data: <data>}; for {@link #sseFrames}.
	 */
	public static String sseFrame(String name, String data) {
		return (name == null ? "" : "event: " + name + "\n") + "data: " + data + "\n\n";
	}

	/** Writes the frames verbatim (each already a complete SSE event), one write each. */
	public static Behaviour sseFrames(List<String> frames) {
		return (req, res) -> res.status(200)
			.header("content-type", "text/event-stream")
			.sendString(Flux.fromIterable(frames).delayElements(Duration.ofMillis(2)), StandardCharsets.UTF_8);
	}

	/** Writes the frames verbatim, then drops the connection without ending the response. */
	public static Behaviour sseFramesThenCut(List<String> frames) {
		return (req, res) -> res.status(200)
			.header("content-type", "text/event-stream")
			.sendString(Flux.fromIterable(frames)
				.concatWith(Mono.delay(Duration.ofMillis(100))
					.then(Mono.fromRunnable(() -> res.withConnection(Connection::dispose)))
					.then(Mono.never())), StandardCharsets.UTF_8);
	}

	/** Sends the payloads as {@code data:} events, then drops the connection without ending the response. */
	public static Behaviour cutStream(List<String> payloads) {
		return sseFramesThenCut(payloads.stream().map(p -> "data: " + p + "\n\n").toList());
	}

	/** Streams one OpenAI content event every 100 ms, endlessly; sets {@code cancelled} when the gateway hangs up. */
	public static Behaviour endlessStream(AtomicBoolean cancelled) {
		String head = "{\"id\":\"chatcmpl-e\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",";
		return (req, res) -> res.status(200)
			.header("content-type", "text/event-stream")
			.sendString(Flux.interval(Duration.ZERO, Duration.ofMillis(100))
				.map(i -> "data: " + head + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"t" + i
						+ "\"},\"finish_reason\":null}]}\n\n")
				.doOnCancel(() -> cancelled.set(true)));
	}

	/** Accepts the request and never answers. */
	public static Behaviour hang() {
		return (req, res) -> Mono.never();
	}

	/** {@code then}, started only after {@code delay} (status line and headers included). */
	public static Behaviour delayed(Duration delay, Behaviour then) {
		return (req, res) -> Mono.delay(delay).then(Mono.from(then.respond(req, res)));
	}

	/** Newline-delimited JSON, as Ollama streams. */
	public static Behaviour ndjson(List<String> lines) {
		return raw(200, "application/x-ndjson", String.join("\n", lines) + "\n");
	}

	/**
	 * An AWS event stream (Bedrock ConverseStream): each {@code {eventType, json}} pair one frame, encoded by AWS's
	 * event-stream library (prelude and message CRCs).
	 */
	public static Behaviour eventStream(List<String[]> events) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (String[] e : events) {
			Map<String, HeaderValue> headers = new LinkedHashMap<>();
			headers.put(":event-type", HeaderValue.fromString(e[0]));
			headers.put(":content-type", HeaderValue.fromString("application/json"));
			headers.put(":message-type", HeaderValue.fromString("event"));
			out.writeBytes(new Message(headers, e[1].getBytes(StandardCharsets.UTF_8)).toByteBuffer().array());
		}
		byte[] bytes = out.toByteArray();
		return (req, res) -> res.status(200)
			.header("content-type", "application/vnd.amazon.eventstream")
			.sendByteArray(Mono.just(bytes));
	}

	/** A Bedrock InvokeModelWithResponseStream answer: each model event base64-encoded in a {@code chunk} frame. */
	public static Behaviour invokeStream(List<String> modelEvents) {
		List<String[]> frames = new ArrayList<>();
		for (String e : modelEvents) {
			String bytes = Base64.getEncoder().encodeToString(e.getBytes(StandardCharsets.UTF_8));
			frames.add(new String[] { "chunk", "{\"bytes\":\"" + bytes + "\"}" });
		}
		return eventStream(frames);
	}

	/** A JSON string literal. */
	public static String quote(String s) {
		return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
	}
}
