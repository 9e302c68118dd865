package io.llmgateway.sample.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A provider on loopback: records every request the gateway sends it and answers in its family's wire format,
 * following {@link AgentScript}. Subclasses speak one family each.
 */
abstract class MockProvider implements AutoCloseable {

	static final JsonMapper JSON = JsonMapper.builder().build();

	private final List<RecordedRequest> received = new CopyOnWriteArrayList<>();

	private final HttpServer server;

	private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
		Thread t = new Thread(r, "mock-provider");
		t.setDaemon(true);
		return t;
	});

	MockProvider() {
		try {
			server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		}
		catch (IOException e) {
			throw new IllegalStateException(e);
		}
		server.createContext("/", this::dispatch);
		server.setExecutor(executor);
		server.start();
	}

	/** The family's name as it appears in the mock's answers. */
	abstract String family();

	/** Answers one recorded request. */
	abstract void answer(RecordedRequest request, HttpExchange exchange) throws IOException;

	String baseUrl() {
		return "http://127.0.0.1:" + server.getAddress().getPort();
	}

	List<RecordedRequest> received() {
		return List.copyOf(received);
	}

	/** The requests whose path ends with the suffix, in arrival order. */
	List<RecordedRequest> received(String pathSuffix) {
		return received.stream().filter(r -> r.path().endsWith(pathSuffix)).toList();
	}

	void reset() {
		received.clear();
	}

	@Override
	public void close() {
		server.stop(0);
		executor.shutdownNow();
	}

	private void dispatch(HttpExchange exchange) throws IOException {
		try (exchange) {
			byte[] bytes;
			try (InputStream in = exchange.getRequestBody()) {
				bytes = in.readAllBytes();
			}
			String raw = new String(bytes, StandardCharsets.UTF_8);
			JsonNode body = null;
			if (!raw.isBlank()) {
				try {
					body = JSON.readTree(raw);
				}
				catch (RuntimeException notJson) {
					// recorded raw; the answer below reports it
				}
			}
			RecordedRequest request = new RecordedRequest(exchange.getRequestMethod(),
					exchange.getRequestURI().toString(), new HashMap<>(exchange.getRequestHeaders()), raw, body);
			received.add(request);
			if (body == null && "POST".equals(request.method())) {
				sendJson(exchange, 400, error("the mock " + family() + " provider expects a JSON body"));
				return;
			}
			answer(request, exchange);
		}
		catch (RuntimeException e) {
			sendJson(exchange, 500, error("mock " + family() + " failed: " + e));
		}
	}

	ObjectNode error(String message) {
		ObjectNode root = JSON.createObjectNode();
		root.putObject("error").put("type", "invalid_request_error").put("message", message);
		return root;
	}

	static void sendJson(HttpExchange exchange, int status, JsonNode body) throws IOException {
		byte[] bytes = JSON.writeValueAsBytes(body);
		exchange.getResponseHeaders().set("content-type", "application/json");
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	/** Server-sent events, one flush per event, as a provider streams them. */
	static final class Sse implements AutoCloseable {

		private final OutputStream out;

		Sse(HttpExchange exchange) throws IOException {
			exchange.getResponseHeaders().set("content-type", "text/event-stream");
			exchange.getResponseHeaders().set("cache-control", "no-cache");
			exchange.sendResponseHeaders(200, 0);
			out = exchange.getResponseBody();
		}

		/** An event with a name line (Anthropic, Responses) when name is not null. */
		Sse event(String name, JsonNode data) throws IOException {
			String frame = (name == null ? "" : "event: " + name + "\n") + "data: " + JSON.writeValueAsString(data)
					+ "\n\n";
			out.write(frame.getBytes(StandardCharsets.UTF_8));
			out.flush();
			return this;
		}

		Sse raw(String data) throws IOException {
			out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
			out.flush();
			return this;
		}

		@Override
		public void close() throws IOException {
			out.close();
		}
	}
}
