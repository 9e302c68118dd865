package io.llmgateway.gateway.support;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * A scriptable OpenAI-compatible provider on a loopback port, for integration tests: records what it received and
 * answers with the {@link Behaviour} currently set.
 */
public final class MockProvider implements AutoCloseable {

	/** What the provider received. Header names are lower-case. */
	public record Received(String method, String path, Map<String, String> headers, String body) {
	}

	/** How to answer one request. */
	@FunctionalInterface
	public interface Behaviour {

		Publisher<Void> respond(HttpServerRequest request, HttpServerResponse response);
	}

	private final DisposableServer server;

	private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();

	private volatile Behaviour behaviour = json(200, completion("Hello from the mock."));

	public MockProvider() {
		this.server = HttpServer.create().host("127.0.0.1").port(0).handle((req, res) -> req.receive()
			.aggregate()
			.asString(StandardCharsets.UTF_8)
			.defaultIfEmpty("")
			.flatMapMany(body -> {
				Map<String, String> headers = new TreeMap<>();
				req.requestHeaders().forEach(e -> headers.put(e.getKey().toLowerCase(), e.getValue()));
				received.add(new Received(req.method().name(), req.uri(), headers, body));
				return behaviour.respond(req, res);
			})).bindNow();
	}

	/** The OpenAI-style base URL, ending in {@code /v1}. */
	public String baseUrl() {
		return "http://127.0.0.1:" + server.port() + "/v1";
	}

	public void behave(Behaviour behaviour) {
		this.behaviour = behaviour;
	}

	public Received take() throws InterruptedException {
		Received r = received.poll(10, TimeUnit.SECONDS);
		if (r == null) {
			throw new AssertionError("the mock provider received nothing");
		}
		return r;
	}

	/** The next request received within {@code wait}, or null. */
	public Received poll(Duration wait) throws InterruptedException {
		return received.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
	}

	public void clear() {
		received.clear();
	}

	@Override
	public void close() {
		server.disposeNow();
	}

	public static Behaviour json(int status, String body) {
		return (req, res) -> res.status(status)
			.header("content-type", "application/json")
			.sendString(Mono.just(body));
	}

	public static Behaviour jsonWithHeader(int status, String body, String header, String value) {
		return (req, res) -> res.status(status)
			.header("content-type", "application/json")
			.header(header, value)
			.sendString(Mono.just(body));
	}

	/** Sends each SSE payload as {@code data: <payload>\n\n}, one write per event, {@code delay} apart. */
	public static Behaviour sse(List<String> payloads, Duration delay) {
		return (req, res) -> res.status(200)
			.header("content-type", "text/event-stream; charset=utf-8")
			.sendString(Flux.fromIterable(payloads)
				.delayElements(delay)
				.map(p -> "data: " + p + "\n\n"), StandardCharsets.UTF_8);
	}

	/** Sends the payloads, then drops the connection without ending the response. */
	public static Behaviour cutStream(List<String> payloads) {
		return (req, res) -> res.status(200)
			.header("content-type", "text/event-stream")
			.sendString(Flux.fromIterable(payloads)
				.map(p -> "data: " + p + "\n\n")
				.concatWith(Mono.delay(Duration.ofMillis(100))
					.then(Mono.fromRunnable(() -> res.withConnection(Connection::dispose)))
					.then(Mono.never())));
	}

	/** Streams one content event every 100 ms, endlessly; sets {@code cancelled} when the gateway hangs up. */
	public static Behaviour endlessStream(java.util.concurrent.atomic.AtomicBoolean cancelled) {
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

	public static String completion(String text) {
		return """
				{"id":"chatcmpl-mock1","object":"chat.completion","created":1760000000,"model":"provider-model-1",\
				"choices":[{"index":0,"message":{"role":"assistant","content":%s,"refusal":null},\
				"logprobs":null,"finish_reason":"stop"}],\
				"usage":{"prompt_tokens":9,"completion_tokens":4,"total_tokens":13,\
				"prompt_tokens_details":{"cached_tokens":0},"completion_tokens_details":{"reasoning_tokens":0}}}"""
			.formatted(quote(text));
	}

	/** An OpenAI stream with usage chunk and [DONE], saying {@code parts} joined. */
	public static List<String> streamPayloads(String... parts) {
		String head = "{\"id\":\"chatcmpl-mock2\",\"object\":\"chat.completion.chunk\",\"created\":1760000001,"
				+ "\"model\":\"provider-model-1\",";
		java.util.ArrayList<String> out = new java.util.ArrayList<>();
		out.add(head + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},"
				+ "\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}");
		for (String p : parts) {
			out.add(head + "\"choices\":[{\"index\":0,\"delta\":{\"content\":" + quote(p)
					+ "},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}");
		}
		out.add(head + "\"choices\":[{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"stop\"}],"
				+ "\"usage\":null}");
		out.add(head + "\"choices\":[],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":3,\"total_tokens\":12,"
				+ "\"prompt_tokens_details\":{\"cached_tokens\":0},\"completion_tokens_details\":{\"reasoning_tokens\":0}}}");
		out.add("[DONE]");
		return out;
	}

	static String quote(String s) {
		return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
	}
}
