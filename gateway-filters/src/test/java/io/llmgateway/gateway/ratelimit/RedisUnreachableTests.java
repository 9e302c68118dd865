package io.llmgateway.gateway.ratelimit;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.llmgateway.gateway.core.TokenEstimator;
import io.llmgateway.translate.Protocol;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.mock.web.server.MockServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redis that refuses connections (a closed port) or accepts them and never answers (a black hole): fail-open admits
 * and counts {@code llm.ratelimit.backend.errors}; fail-closed answers 503 in the client's protocol; nobody waits
 * much longer than {@code llm.rate-limit.timeout}. The wait bound is asserted with a wide margin on purpose.
 */
class RedisUnreachableTests {

	private static final Duration TIMEOUT = Duration.ofMillis(300);

	private static final long SLACK_MILLIS = 2_000;

	private final List<AutoCloseable> closeables = new ArrayList<>();

	@AfterEach
	void tearDown() throws Exception {
		for (AutoCloseable c : closeables) {
			c.close();
		}
	}

	@Test
	void closedPort_failOpenAdmitsAndCountsTheError() throws Exception {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		GatewayFilter filter = filter(closedPort(), true, registry);
		for (int i = 0; i < 3; i++) {
			MockServerWebExchange ex = exchange(Protocol.OPENAI);
			long elapsed = time(() -> filter.filter(ex, TestLlm.holding()).block());
			assertThat(ex.getResponse().getStatusCode()).isNull();
			assertThat(elapsed).isLessThan(TIMEOUT.toMillis() + SLACK_MILLIS);
		}
		assertThat(registry.get(BackendHealth.ERRORS_METER).tag("backend", "redis").tag("operation", "acquire")
			.counter()
			.count()).isEqualTo(3);
	}

	@Test
	void blackHole_failClosedAnswers503InTheClientsProtocolWithinTheTimeout() throws Exception {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		GatewayFilter filter = filter(blackHolePort(), false, registry);
		ExecutorService pool = Executors.newFixedThreadPool(8);
		List<Future<MockServerWebExchange>> results = new ArrayList<>();
		List<Long> waits = new CopyOnWriteArrayList<>();
		for (int i = 0; i < 16; i++) {
			Protocol protocol = i % 2 == 0 ? Protocol.OPENAI : Protocol.ANTHROPIC;
			results.add(pool.submit(() -> {
				MockServerWebExchange ex = exchange(protocol);
				waits.add(time(() -> filter.filter(ex, TestLlm.holding()).block()));
				return ex;
			}));
		}
		for (int i = 0; i < results.size(); i++) {
			MockServerWebExchange ex = results.get(i).get();
			assertThat(ex.getResponse().getStatusCode().value()).isEqualTo(503);
			String body = ex.getResponse().getBodyAsString().block();
			if (i % 2 == 0) {
				assertThat(body).startsWith("{\"error\":").contains("rate_limiter_unavailable");
			}
			else {
				assertThat(body).startsWith("{\"type\":\"error\"").contains("\"type\":\"api_error\"");
			}
		}
		pool.shutdown();
		assertThat(waits).allSatisfy(w -> assertThat(w).isLessThan(TIMEOUT.toMillis() + SLACK_MILLIS));
		assertThat(registry.get(BackendHealth.ERRORS_METER).counter().count()).isEqualTo(16);
	}

	@Test
	void blackHole_failOpenAdmits() throws Exception {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		GatewayFilter filter = filter(blackHolePort(), true, registry);
		MockServerWebExchange ex = exchange(Protocol.ANTHROPIC);
		long elapsed = time(() -> filter.filter(ex, TestLlm.holding()).block());
		assertThat(ex.getResponse().getStatusCode()).isNull();
		assertThat(elapsed).isLessThan(TIMEOUT.toMillis() + SLACK_MILLIS);
		assertThat(registry.get(BackendHealth.ERRORS_METER).counter().count()).isEqualTo(1);
	}

	private GatewayFilter filter(int port, boolean failOpen, SimpleMeterRegistry registry) {
		RedissonClient client = RedisRateLimitBackendTests.client(port, 1000);
		closeables.add(client::shutdown);
		RateLimitProperties props = new RateLimitProperties(null, RateLimitProperties.Backend.REDIS, failOpen,
				TIMEOUT, null, null, null, null, null, null, null, null, null, null, null);
		TokenRateLimiter limiter = new TokenRateLimiter(props,
				new RedisRateLimitBackend(client, "llm:rl:unreachable:", Duration.ofMinutes(1)), TokenEstimator.standard(),
				registry);
		return new LlmTokenRateLimitGatewayFilterFactory(limiter)
			.apply(new LlmTokenRateLimitGatewayFilterFactory.Config().setRpm(100L).setMaxParallel(5));
	}

	private static MockServerWebExchange exchange(Protocol protocol) {
		return TestLlm.exchange(TestLlm.llm(protocol, TestLlm.request("claude-sonnet-4", "hi", 10), TestLlm.key("k")));
	}

	private static int closedPort() throws IOException {
		try (ServerSocket s = new ServerSocket(0)) {
			return s.getLocalPort();
		}
	}

	/** Accepts connections and never answers. */
	private int blackHolePort() throws IOException {
		ServerSocket server = new ServerSocket(0);
		List<Socket> accepted = new CopyOnWriteArrayList<>();
		Thread acceptor = new Thread(() -> {
			while (!server.isClosed()) {
				try {
					accepted.add(server.accept());
				}
				catch (IOException ex) {
					return;
				}
			}
		}, "black-hole");
		acceptor.setDaemon(true);
		acceptor.start();
		closeables.add(() -> {
			server.close();
			for (Socket s : accepted) {
				s.close();
			}
		});
		return server.getLocalPort();
	}

	private static long time(Runnable r) {
		long start = System.nanoTime();
		r.run();
		return (System.nanoTime() - start) / 1_000_000;
	}
}
