package io.llmgateway.gateway.observe;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import io.llmgateway.gateway.core.Completion;
import io.llmgateway.gateway.core.LlmAlert;
import io.llmgateway.gateway.core.LlmExchange;
import io.llmgateway.gateway.observe.LlmObserveProperties.ErrorRate;
import io.llmgateway.gateway.observe.LlmObserveProperties.Latency;
import io.llmgateway.translate.model.ErrorType;
import io.llmgateway.translate.model.LlmError;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class AlertsTests {

	private final AtomicLong clock = new AtomicLong(1_000_000);

	private final List<LlmAlert> published = new ArrayList<>();

	private DisposableServer server;

	private WebhookSender sender;

	@AfterEach
	void stop() {
		if (sender != null) {
			sender.close();
		}
		if (server != null) {
			server.disposeNow();
		}
	}

	private AlertDetector detector(ErrorRate errorRate, Latency latency) {
		return new AlertDetector(errorRate, latency, Duration.ofMinutes(10), clock::get, published::add);
	}

	private static RequestSummary request(int status, long durationNanos) {
		LlmExchange llm = TestExchanges.chat("r", "gpt-4o", false);
		llm.status(status);
		if (status >= 400) {
			llm.error(LlmError.of(status >= 500 ? ErrorType.SERVER_ERROR : ErrorType.INVALID_REQUEST, "x"));
		}
		llm.complete(status >= 400 ? Completion.FAILED : Completion.SUCCESS);
		RequestSummary s = RequestSummary.of(llm);
		return new RequestSummary(s.requestId(), s.receivedAt(), s.operation(), s.routeId(), s.requestedModel(),
				s.alias(), s.provider(), s.providerModel(), s.deployment(), s.status(), s.statusClass(), s.outcome(),
				s.errorType(), s.error(), s.cache(), s.stream(), s.identity(), s.usage(), s.cost(), s.cacheSaving(),
				s.attempts(), s.retries(), s.fallbackUsed(), durationNanos, 0, durationNanos, -1, -1, -1);
	}

	@Test
	void errorRateAboveThresholdAlertsOncePerInterval() {
		AlertDetector detector = detector(new ErrorRate(true, 0.5, Duration.ofMinutes(1), 10),
				new Latency(false, null, null, null));
		for (int i = 0; i < 5; i++) {
			detector.record(request(200, 1));
			detector.record(request(400, 1));
		}
		assertThat(published).as("client errors are not server failures").isEmpty();
		for (int i = 0; i < 20; i++) {
			detector.record(request(503, 1));
		}
		assertThat(published).hasSize(1);
		assertThat(published.get(0).kind()).isEqualTo("error_rate");
		clock.addAndGet(Duration.ofMinutes(11).toMillis());
		for (int i = 0; i < 20; i++) {
			detector.record(request(200, 1));
		}
		assertThat(published).as("the old failures left the window").hasSize(1);
	}

	@Test
	void p99AboveThresholdAlerts() {
		AlertDetector detector = detector(new ErrorRate(false, null, null, null),
				new Latency(true, Duration.ofSeconds(2), Duration.ofMinutes(5), 20));
		for (int i = 0; i < 99; i++) {
			detector.record(request(200, Duration.ofMillis(100).toNanos()));
		}
		detector.record(request(200, Duration.ofSeconds(3).toNanos()));
		assertThat(published).as("1 slow of 100 is the 99th percentile, not above it").isEmpty();
		detector.record(request(200, Duration.ofSeconds(3).toNanos()));
		assertThat(published).singleElement().satisfies(a -> assertThat(a.kind()).isEqualTo("latency_p99"));
	}

	@Test
	void notifierSendsSlackJsonOncePerConditionPerInterval() {
		List<String> bodies = new CopyOnWriteArrayList<>();
		server = HttpServer.create().host("127.0.0.1").port(0)
			.handle((req, res) -> req.receive().aggregate().asString().doOnNext(bodies::add).then(res.send()))
			.bindNow();
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		sender = new WebhookSender(10, 1, Duration.ofSeconds(5), registry);
		LlmAlertNotifier notifier = new LlmAlertNotifier(URI.create("http://127.0.0.1:" + server.port() + "/slack"),
				Duration.ofMinutes(5), sender, registry);
		LlmAlert budget = new LlmAlert("budget_threshold", "budget:team:t1:2026-11", "team t1 reached 80% of budget",
				Map.of("team", "t1", "spent", 80), null);
		notifier.onAlert(budget);
		notifier.onAlert(budget);
		notifier.onAlert(new LlmAlert("cooldown", "cooldown:gpt-4o#0", "deployment gpt-4o#0 in cooldown", null, null));
		await().atMost(Duration.ofSeconds(10)).until(() -> bodies.size() == 2);
		assertThat(bodies.get(0) + bodies.get(1)).contains("\"text\":").contains("team t1 reached 80% of budget")
			.contains("deployment gpt-4o#0 in cooldown");
		assertThat(registry.get(LlmAlertNotifier.ALERTS).tag("result", "suppressed").counter().count()).isEqualTo(1);
	}
}
