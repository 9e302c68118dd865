package io.llmgateway.gateway.support.mock;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;

import org.reactivestreams.Publisher;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.resources.LoopResources;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one mock provider of the test suite: a Reactor Netty server on a loopback port that records every request and
 * answers it. What it answers is set by {@link #behave} (one {@link Behaviour} for every request) or {@link #answer}
 * (chosen per request); {@link #check} puts a gate in front that can reject a request the way the real API would.
 * Canned answers per wire format are in {@link Replies} and the {@code *Replies} classes; whole provider stand-ins
 * (validating rules, Bedrock SigV4, Google's token endpoint, …) are built on this class in this package.
 */
public final class MockProvider implements AutoCloseable {

	public static final JsonMapper JSON = JsonMapper.builder().build();

	/**
	 * What the provider received. {@code path} is the raw request target (path and query, as sent); header names are
	 * lower-case, repeated headers joined with a comma.
	 */
	public record Received(String method, String path, Map<String, String> headers, String body) {

		public String header(String name) {
			return headers.get(name.toLowerCase(Locale.ROOT));
		}

		/** The path without its query. */
		public String pathOnly() {
			int q = path.indexOf('?');
			return q < 0 ? path : path.substring(0, q);
		}

		/** A decoded query parameter, or null. */
		public String query(String name) {
			int q = path.indexOf('?');
			if (q < 0) {
				return null;
			}
			for (String pair : path.substring(q + 1).split("&")) {
				int eq = pair.indexOf('=');
				String key = eq < 0 ? pair : pair.substring(0, eq);
				if (URLDecoder.decode(key, StandardCharsets.UTF_8).equals(name)) {
					return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
				}
			}
			return null;
		}

		/** The body as JSON (a null node when empty). */
		public JsonNode json() {
			return body.isEmpty() ? JSON.nullNode() : JSON.readTree(body);
		}
	}

	/** How to answer one request (the body has already been read). */
	@FunctionalInterface
	public interface Behaviour {

		Publisher<Void> respond(HttpServerRequest request, HttpServerResponse response);
	}

	/** Which requests a {@link #check} gate lets into the record. */
	public enum Record {

		/** Every request, rejected or not (to inspect what was refused). */
		ALL,
		/** Only the requests the gate let through. */
		ACCEPTED
	}

	private final LoopResources loops;

	private final DisposableServer server;

	private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();

	/** Every recorded request, never drained, for counting. */
	private final List<Received> log = new CopyOnWriteArrayList<>();

	private volatile Function<Received, Behaviour> answers = r -> Replies.json(200, OpenAiReplies.completion("Hello from the mock."));

	private volatile Function<Received, Behaviour> gate = r -> null;

	private volatile Record record = Record.ALL;

	public MockProvider() {
		// own event loop: a gateway context that closes disposes Reactor Netty's global resources
		this.loops = LoopResources.create("mock-provider", 1, true);
		this.server = HttpServer.create().runOn(loops).host("127.0.0.1").port(0).handle((req, res) -> req.receive()
			.aggregate()
			.asString(StandardCharsets.UTF_8)
			.defaultIfEmpty("")
			.flatMapMany(body -> {
				Map<String, String> headers = new TreeMap<>();
				req.requestHeaders()
					.forEach(e -> headers.merge(e.getKey().toLowerCase(Locale.ROOT), e.getValue(), (a, b) -> a + "," + b));
				Received r = new Received(req.method().name(), req.uri(), headers, body);
				Behaviour rejection = gate.apply(r);
				if (rejection == null || record == Record.ALL) {
					log.add(r);
					received.add(r);
				}
				return (rejection != null ? rejection : answers.apply(r)).respond(req, res);
			})).bindNow();
	}

	/** {@code http://127.0.0.1:<port>}. */
	public String root() {
		return "http://127.0.0.1:" + server.port();
	}

	/** The OpenAI-style base URL, ending in {@code /v1}. */
	public String baseUrl() {
		return root() + "/v1";
	}

	public int port() {
		return server.port();
	}

	/** Answers every request with {@code behaviour}. */
	public MockProvider behave(Behaviour behaviour) {
		this.answers = r -> behaviour;
		return this;
	}

	/** Answers each request with what {@code answers} picks for it. */
	public MockProvider answer(Function<Received, Behaviour> answers) {
		this.answers = answers;
		return this;
	}

	/**
	 * Checks each request before it is answered: {@code gate} returns null to let it through, else the rejection to
	 * send instead; {@code record} says whether rejected requests are recorded.
	 */
	public MockProvider check(Function<Received, Behaviour> gate, Record record) {
		this.gate = gate;
		this.record = record;
		return this;
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

	/** The next request if one arrives within a short wait, else null (to prove that nothing was sent). */
	public Received pollBriefly() throws InterruptedException {
		return poll(Duration.ofMillis(300));
	}

	/** The requests {@link #take} has yet to return, in order (without taking them). */
	public List<Received> queued() {
		return List.copyOf(received);
	}

	/** Every request recorded since the start (not drained by {@link #take}). */
	public List<Received> log() {
		return List.copyOf(log);
	}

	/** How many recorded requests match. */
	public int count(Predicate<Received> which) {
		return (int) log.stream().filter(which).count();
	}

	/** Empties the queue {@link #take} reads (the {@link #log} keeps counting). */
	public void clear() {
		received.clear();
	}

	@Override
	public void close() {
		server.disposeNow();
		loops.dispose();
	}
}
