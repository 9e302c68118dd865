package io.llmgateway.gateway.translate;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A mock provider on a loopback port that checks each request the way the real API does (a {@code validator}
 * returning an error message, answered as that provider's 400) before answering with the scripted behaviour.
 */
final class ValidatingProvider implements AutoCloseable {

	static final JsonMapper JSON = JsonMapper.builder().build();

	record Received(String path, Map<String, String> headers, JsonNode body) {
	}

	@FunctionalInterface
	interface Behaviour {

		Publisher<Void> respond(HttpServerRequest request, HttpServerResponse response);
	}

	private final DisposableServer server;

	private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();

	private final Function<Received, String> validator;

	private final Function<String, String> invalidBody;

	private volatile Behaviour behaviour;

	/**
	 * @param validator returns null when the request is acceptable, else the error message
	 * @param invalidBody renders a validation error message as this provider's 400 body
	 */
	ValidatingProvider(Function<Received, String> validator, Function<String, String> invalidBody) {
		this.validator = validator;
		this.invalidBody = invalidBody;
		this.server = HttpServer.create().host("127.0.0.1").port(0).handle((req, res) -> req.receive()
			.aggregate()
			.asString(StandardCharsets.UTF_8)
			.defaultIfEmpty("")
			.flatMapMany(text -> {
				Map<String, String> headers = new TreeMap<>();
				req.requestHeaders().forEach(e -> headers.put(e.getKey().toLowerCase(), e.getValue()));
				JsonNode body = text.isEmpty() ? JSON.nullNode() : JSON.readTree(text);
				Received r = new Received(req.uri(), headers, body);
				received.add(r);
				String problem = validator.apply(r);
				if (problem != null) {
					return json(400, invalidBody.apply(problem)).respond(req, res);
				}
				return behaviour.respond(req, res);
			})).bindNow();
	}

	String root() {
		return "http://127.0.0.1:" + server.port();
	}

	void behave(Behaviour behaviour) {
		this.behaviour = behaviour;
	}

	Received take() throws InterruptedException {
		Received r = received.poll(10, TimeUnit.SECONDS);
		if (r == null) {
			throw new AssertionError("the mock provider received nothing");
		}
		return r;
	}

	/** The next request if one arrives within a short wait, else null (to prove that nothing was sent). */
	Received take0() throws InterruptedException {
		return received.poll(300, TimeUnit.MILLISECONDS);
	}

	void clear() {
		received.clear();
	}

	@Override
	public void close() {
		server.disposeNow();
	}

	static Behaviour json(int status, String body) {
		return (req, res) -> res.status(status).header("content-type", "application/json").sendString(Mono.just(body));
	}

	/** Writes the frames verbatim (each already a complete SSE event), one write each. */
	static Behaviour sse(List<String> frames) {
		return (req, res) -> res.status(200)
			.header("content-type", "text/event-stream")
			.sendString(Flux.fromIterable(frames).delayElements(Duration.ofMillis(2)), StandardCharsets.UTF_8);
	}

	/** Writes the frames, then drops the connection without ending the response. */
	static Behaviour sseThenCut(List<String> frames) {
		return (req, res) -> res.status(200)
			.header("content-type", "text/event-stream")
			.sendString(Flux.fromIterable(frames)
				.concatWith(Mono.delay(Duration.ofMillis(100))
					.then(Mono.fromRunnable(() -> res.withConnection(Connection::dispose)))
					.then(Mono.never())), StandardCharsets.UTF_8);
	}
}
