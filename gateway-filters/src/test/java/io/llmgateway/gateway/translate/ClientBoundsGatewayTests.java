package io.llmgateway.gateway.translate;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.llmgateway.gateway.support.OpenGatewayApp;
import io.llmgateway.gateway.support.mock.MockProvider;
import io.llmgateway.gateway.support.mock.OpenAiReplies;
import io.llmgateway.gateway.support.mock.Replies;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import reactor.core.publisher.Flux;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clients that hold the gateway: a body dribbled byte by byte ({@code llm.body-timeout=2s}), an idle connection
 * ({@code server.netty.idle-timeout=2s}), many dribblers at once, and a client that reads a stream far slower than
 * the provider writes it ({@code llm.stream-buffer=64KB}, {@code llm.stream-stall-timeout=2s}). Raw sockets, so the
 * client really behaves that way on the wire.
 */
class ClientBoundsGatewayTests {

	private static final MockProvider provider = new MockProvider();

	private static ConfigurableApplicationContext gateway;

	private static int port;

	@BeforeAll
	static void start() {
		gateway = new SpringApplicationBuilder(OpenGatewayApp.class).properties("server.port=0",
				"server.netty.idle-timeout=2s",
				"llm.body-timeout=2s",
				"llm.stream-buffer=64KB",
				"llm.stream-stall-timeout=2s",
				"llm.database.enabled=false", "llm.keys.enabled=false", "llm.spend.enabled=false",
				"llm.observe.enabled=false", "llm.rate-limit.enabled=false",
				"llm.models[0].name=m",
				"llm.models[0].provider=openai-compatible",
				"llm.models[0].model=upstream-model",
				"llm.models[0].api-base=" + provider.baseUrl(),
				"spring.cloud.gateway.server.webflux.routes[0].id=chat",
				"spring.cloud.gateway.server.webflux.routes[0].uri=http://unused.invalid",
				"spring.cloud.gateway.server.webflux.routes[0].predicates[0]=Path=/v1/chat/completions",
				"spring.cloud.gateway.server.webflux.routes[0].filters[0]=LlmModel",
				"spring.cloud.gateway.server.webflux.routes[0].filters[1]=LlmTranslate",
				"spring.cloud.gateway.server.webflux.routes[1].id=messages",
				"spring.cloud.gateway.server.webflux.routes[1].uri=http://unused.invalid",
				"spring.cloud.gateway.server.webflux.routes[1].predicates[0]=Path=/v1/messages",
				"spring.cloud.gateway.server.webflux.routes[1].filters[0]=LlmModel",
				"spring.cloud.gateway.server.webflux.routes[1].filters[1]=LlmTranslate")
			.run();
		port = ((WebServerApplicationContext) gateway).getWebServer().getPort();
	}

	@AfterAll
	static void stop() {
		if (gateway != null) {
			gateway.close();
		}
		provider.close();
	}

	@BeforeEach
	void reset() {
		provider.behave(Replies.json(200, OpenAiReplies.completion("Hello from the mock.")));
		provider.clear();
	}

	@Test
	void aDribbledOpenAiBodyGets408InOpenAiJsonAndTheConnectionClosedWithinTheDeadline() throws Exception {
		try (Socket socket = dribbler("/v1/chat/completions")) {
			long start = System.nanoTime();
			String answer = readAll(socket, Duration.ofSeconds(10));
			long millis = (System.nanoTime() - start) / 1_000_000;
			assertThat(answer).startsWith("HTTP/1.1 408");
			assertThat(answer).containsIgnoringCase("connection: close")
				.contains("\"type\":\"invalid_request_error\"")
				.contains("\"code\":\"request_body_timeout\"")
				.contains("llm.body-timeout");
			// readAll returned because the gateway closed the connection: deadline 2 s, plus scheduling slack
			assertThat(millis).isBetween(1_500L, 4_000L);
		}
		assertThat(provider.poll(Duration.ZERO)).as("nothing reached the provider").isNull();
	}

	@Test
	void aDribbledAnthropicBodyGets408InAnthropicJson() throws Exception {
		try (Socket socket = dribbler("/v1/messages")) {
			String answer = readAll(socket, Duration.ofSeconds(10));
			assertThat(answer).startsWith("HTTP/1.1 408");
			assertThat(answer).contains("\"type\":\"error\"").contains("\"type\":\"invalid_request_error\"");
		}
	}

	@Test
	void anIdleConnectionIsClosedAfterTheIdleTimeout() throws Exception {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port));
			long start = System.nanoTime();
			socket.setSoTimeout(10_000);
			int read = socket.getInputStream().read();
			long millis = (System.nanoTime() - start) / 1_000_000;
			assertThat(read).as("closed by the gateway, nothing sent").isEqualTo(-1);
			assertThat(millis).isBetween(1_500L, 5_000L);
		}
	}

	@Test
	void fiftyDribblersDoNotHoldTheGateway() throws Exception {
		List<Socket> dribblers = new ArrayList<>();
		AtomicBoolean stop = new AtomicBoolean();
		try {
			for (int i = 0; i < 50; i++) {
				dribblers.add(dribbler("/v1/chat/completions"));
			}
			Thread feeder = new Thread(() -> {
				while (!stop.get()) {
					for (Socket s : dribblers) {
						try {
							s.getOutputStream().write(' ');
						}
						catch (IOException ex) {
							// closed by the gateway: expected
						}
					}
					sleep(500);
				}
			});
			feeder.setDaemon(true);
			feeder.start();
			String answer = exchange(post("/v1/chat/completions", chatBody(false)), Duration.ofSeconds(5));
			assertThat(answer).startsWith("HTTP/1.1 200").contains("Hello from the mock.");
			// not queued behind them: answered before their body timeout cut any of them (an order, not a time, so a
			// loaded machine does not fail it)
			for (Socket s : dribblers) {
				assertThat(s.getInputStream().available()).as("a dribbler answered before the normal request").isZero();
			}
			// and every dribbler is answered 408 and closed within the deadline
			for (Socket s : dribblers) {
				assertThat(readAll(s, Duration.ofSeconds(8))).startsWith("HTTP/1.1 408");
			}
			stop.set(true);
			feeder.join(2_000);
		}
		finally {
			stop.set(true);
			for (Socket s : dribblers) {
				s.close();
			}
		}
	}

	@Test
	void aClientThatReadsAStreamTooSlowlyIsCutOffAndTheUpstreamCancelled() throws Exception {
		AtomicBoolean cancelled = new AtomicBoolean();
		AtomicLong sent = new AtomicLong();
		CountDownLatch gone = new CountDownLatch(1);
		String content = "x".repeat(1000);
		String event = "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
				+ "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + content + "\"},\"finish_reason\":null}]}\n\n";
		// an endless stream, written as fast as the gateway takes it
		provider.behave((req, res) -> res.status(200)
			.header("content-type", "text/event-stream")
			.sendString(Flux.range(0, Integer.MAX_VALUE).map(i -> event).doOnNext(e -> sent.addAndGet(e.length()))
				.doOnCancel(() -> {
					cancelled.set(true);
					gone.countDown();
				})));
		long received = 0;
		try (Socket socket = new Socket()) {
			socket.setReceiveBufferSize(4096);
			socket.connect(new InetSocketAddress("127.0.0.1", port));
			socket.setSoTimeout(200);
			socket.getOutputStream().write(post("/v1/chat/completions", chatBody(true)));
			InputStream in = socket.getInputStream();
			byte[] small = new byte[256];
			long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
			// read 256 bytes every 100 ms (~2.5 KB/s) until the provider sees the gateway hang up
			while (gone.getCount() > 0 && System.nanoTime() < deadline) {
				received += Math.max(0, readSome(in, small));
				sleep(100);
			}
			assertThat(cancelled).as("the upstream call was cancelled").isTrue();
			// what the gateway had written to the socket before the cut can still be read; then the stream ends
			socket.setSoTimeout(5_000);
			byte[] big = new byte[65536];
			int n;
			while ((n = readSome(in, big)) > 0) {
				received += n;
			}
			assertThat(n).as("the connection was closed").isEqualTo(-1);
		}
		assertThat(received).as("the client got some of the stream before the cut").isGreaterThan(0);
		// the provider was read only while the client's backlog stayed under 64 KB (plus socket buffers), not forever
		assertThat(sent.get()).isLessThan(32L * 1024 * 1024);
	}

	/** A request whose headers promise 100 bytes of body, then a single byte. */
	private Socket dribbler(String path) throws IOException {
		Socket socket = new Socket();
		socket.connect(new InetSocketAddress("127.0.0.1", port));
		OutputStream out = socket.getOutputStream();
		out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
				+ "Content-Length: 100\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
		out.flush();
		return socket;
	}

	private static byte[] post(String path, String json) {
		byte[] body = json.getBytes(StandardCharsets.UTF_8);
		byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
				+ "Connection: close\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
		byte[] out = new byte[head.length + body.length];
		System.arraycopy(head, 0, out, 0, head.length);
		System.arraycopy(body, 0, out, head.length, body.length);
		return out;
	}

	private static String chatBody(boolean stream) {
		return "{\"model\":\"m\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
	}

	private String exchange(byte[] request, Duration wait) throws IOException {
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.getOutputStream().write(request);
			return readAll(socket, wait);
		}
	}

	/** Everything the gateway sends until it closes the connection (fails if it does not within {@code wait}). */
	private static String readAll(Socket socket, Duration wait) throws IOException {
		socket.setSoTimeout((int) wait.toMillis());
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		InputStream in = socket.getInputStream();
		byte[] buf = new byte[8192];
		int n;
		while ((n = readSome(in, buf)) != -1) {
			if (n == 0) {
				throw new AssertionError("the gateway did not close the connection within " + wait + "; got: " + out);
			}
			out.write(buf, 0, n);
		}
		return out.toString(StandardCharsets.UTF_8);
	}

	/** Bytes read, 0 on a read timeout, -1 at the end of the stream (a reset counts as the end). */
	private static int readSome(InputStream in, byte[] buf) throws IOException {
		try {
			return in.read(buf);
		}
		catch (SocketTimeoutException ex) {
			return 0;
		}
		catch (SocketException ex) {
			return -1;
		}
	}

	private static void sleep(long millis) {
		try {
			TimeUnit.MILLISECONDS.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}
}
