package io.llmgateway.gateway.spend;

import io.llmgateway.gateway.support.PostgresSchema;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.llmgateway.gateway.core.Completion;
import io.llmgateway.gateway.core.Identity;
import io.llmgateway.gateway.core.IdentityResolver;
import io.llmgateway.gateway.core.LlmAlert;
import io.llmgateway.gateway.core.LlmExchange;
import io.llmgateway.gateway.core.LlmExchangeInitializer;
import io.llmgateway.gateway.support.mock.MockProvider;
import io.llmgateway.gateway.support.mock.OpenAiReplies;
import io.llmgateway.gateway.support.mock.Replies;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import io.llmgateway.gateway.store.LlmDatabase;
import io.llmgateway.gateway.support.RequiresPostgres;
import io.llmgateway.gateway.support.TestProperties;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The real gateway ({@code LlmModel} + {@code LlmSpend} + {@code LlmTranslate}) on a random port, a mock provider on
 * loopback and the ledger in a fresh PostgreSQL schema. Callers are identified by test headers.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, classes = SpendGatewayTests.TestApp.class,
		properties = {
				TestProperties.SECURITY_OFF,
				"llm.keys.master-key=sk-master", "llm.keys.enabled=false",
				"llm.datasource.username=postgres",
				"llm.spend.ledger.flush-interval=20ms",
				"llm.spend.budgets[0].scope=team", "llm.spend.budgets[0].id=capped",
				"llm.spend.budgets[0].max-budget=0.01", "llm.spend.budgets[0].period=daily",
				"llm.spend.budgets[1].scope=team", "llm.spend.budgets[1].id=watched",
				"llm.spend.budgets[1].soft-budget=0.03", "llm.spend.budgets[1].max-budget=100",
				"spring.cloud.gateway.server.webflux.routes[0].id=chat",
				"spring.cloud.gateway.server.webflux.routes[0].uri=http://unused.invalid",
				"spring.cloud.gateway.server.webflux.routes[0].predicates[0]=Path=/v1/chat/completions",
				"spring.cloud.gateway.server.webflux.routes[0].predicates[1]=Method=POST",
				"spring.cloud.gateway.server.webflux.routes[0].filters[0]=LlmModel",
				"spring.cloud.gateway.server.webflux.routes[0].filters[1]=LlmSpend",
				"spring.cloud.gateway.server.webflux.routes[0].filters[2]=LlmTranslate",
				"llm.spend.budgets[2].scope=team", "llm.spend.budgets[2].id=capped-anthropic",
				"llm.spend.budgets[2].max-budget=0.01", "llm.spend.budgets[2].period=daily",
				"spring.cloud.gateway.server.webflux.routes[1].id=messages",
				"spring.cloud.gateway.server.webflux.routes[1].uri=http://unused.invalid",
				"spring.cloud.gateway.server.webflux.routes[1].predicates[0]=Path=/v1/messages",
				"spring.cloud.gateway.server.webflux.routes[1].predicates[1]=Method=POST",
				"spring.cloud.gateway.server.webflux.routes[1].filters[0]=LlmModel",
				"spring.cloud.gateway.server.webflux.routes[1].filters[1]=LlmSpend",
				"spring.cloud.gateway.server.webflux.routes[1].filters[2]=LlmTranslate" })
@RequiresPostgres
class SpendGatewayTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** One request costs 9 x $1000/M + 4 x $2000/M = $0.017; a stream (3 output tokens) $0.015. */
	private static final BigDecimal PLAIN_COST = new BigDecimal("0.017");

	private static final BigDecimal STREAM_COST = new BigDecimal("0.015");

	static final MockProvider provider = new MockProvider();

	static final BlockingQueue<LlmExchange> completed = new LinkedBlockingQueue<>();

	static final List<LlmAlert> alerts = new CopyOnWriteArrayList<>();

	static PostgresSchema schema;

	@LocalServerPort
	int port;

	@Autowired
	LlmDatabase db;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) throws Exception {
		schema = new PostgresSchema("spend_gateway");
		Path spill = Files.createTempDirectory("spend-spill");
		registry.add("llm.datasource.url", schema::url);
		registry.add("llm.datasource.schema", () -> schema.name);
		registry.add("llm.spend.journal.directory", spill::toString);
		registry.add("llm.models[0].name", () -> "gpt-test");
		registry.add("llm.models[0].provider", () -> "openai");
		registry.add("llm.models[0].model", () -> "provider-model-1");
		registry.add("llm.models[0].api-key", () -> "sk-provider-secret");
		registry.add("llm.models[0].api-base", provider::baseUrl);
		registry.add("llm.models[0].pricing.input-per-million", () -> "1000");
		registry.add("llm.models[0].pricing.output-per-million", () -> "2000");
	}

	@AfterAll
	static void dropSchema() throws Exception {
		provider.close();
		schema.close();
	}

	@BeforeEach
	void reset() {
		provider.behave(Replies.json(200, OpenAiReplies.completion("hey")));
		provider.clear();
		completed.clear();
	}

	@Test
	void nonStreamedAnswerCarriesItsCostAndGetsOneLedgerRow() throws Exception {
		String id = "plain-" + UUID.randomUUID();
		Answer a = post(chat(false), id, "key-plain", "team-plain");
		assertThat(a.status()).isEqualTo(200);
		assertThat(a.cost()).isEqualTo("0.017");
		assertThat(completed(id).cost()).isEqualByComparingTo(PLAIN_COST);
		Map<String, Object> row = awaitRow(id);
		assertThat((BigDecimal) row.get("cost")).isEqualByComparingTo(PLAIN_COST);
		assertThat(row).containsEntry("key_id", "key-plain").containsEntry("team_id", "team-plain")
			.containsEntry("model_alias", "gpt-test").containsEntry("deployment_id", "gpt-test#0")
			.containsEntry("provider", "openai").containsEntry("input_tokens", 9L).containsEntry("output_tokens", 4L)
			.containsEntry("status", 200).containsEntry("outcome", "SUCCESS").containsEntry("attempts", 1)
			.containsEntry("price_source", "deployment").containsEntry("stream", false)
			.containsEntry("request_body", null);
	}

	@Test
	void concurrentRequestsGiveExactlyNRowsWithTheRightSums() {
		int n = 40;
		// half plain, half streamed, each half fired at once
		assertThat(fire(n / 2, false)).allMatch(a -> a.status() == 200);
		provider.behave(Replies.sse(OpenAiReplies.streamPayloads("a", "b"), Duration.ZERO));
		assertThat(fire(n / 2, true)).allMatch(a -> a.status() == 200);
		await().atMost(Duration.ofSeconds(20))
			.until(() -> db.jdbc().queryForObject("SELECT COUNT(*) FROM llm_spend_log WHERE team_id = 'load'", Long.class) == n);
		assertThat(db.jdbc().queryForObject("SELECT SUM(cost) FROM llm_spend_log WHERE team_id = 'load'", BigDecimal.class))
			.isEqualByComparingTo(PLAIN_COST.add(STREAM_COST).multiply(BigDecimal.valueOf(n / 2)));
		assertThat(db.jdbc().queryForObject("SELECT SUM(output_tokens) FROM llm_spend_log WHERE team_id = 'load'", Long.class))
			.isEqualTo((4L + 3L) * n / 2);
	}

	private List<Answer> fire(int n, boolean stream) {
		List<Mono<Answer>> calls = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			calls.add(Mono.fromCallable(() -> post(chat(stream), "load-" + UUID.randomUUID(), "key-load", "load"))
				.subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic()));
		}
		List<Answer> answers = Flux.merge(calls).collectList().block(Duration.ofSeconds(60));
		assertThat(answers).hasSize(n);
		return answers;
	}

	@Test
	void clientThatLeavesMidStreamIsChargedForWhatWasGenerated() throws Exception {
		provider.behave(Replies.sse(OpenAiReplies.streamPayloads("one ", "two ", "three ", "four ", "five ", "six "),
				Duration.ofMillis(300)));
		String id = "cut-" + UUID.randomUUID();
		String seen = readThenDisconnect(chat(true), id, "\"content\":\"two \"");
		assertThat(seen).contains("one ").doesNotContain("five ");
		LlmExchange llm = completed(id);
		// the dispatcher may see the disconnect as a cancel or as a stream that ended without its usage chunk; either
		// way the provider's usage never arrived and the text sent before the cut is charged
		assertThat(llm.completion()).isIn(Completion.CANCELLED, Completion.SUCCESS);
		assertThat(llm.usage().outputTokens()).isPositive();
		assertThat(llm.cost()).isPositive();
		Map<String, Object> row = awaitRow(id);
		assertThat(row).containsEntry("usage_estimated", true).containsEntry("stream", true);
		assertThat((Long) row.get("output_tokens")).isBetween(1L, 6L);
		assertThat((BigDecimal) row.get("cost")).isEqualByComparingTo(llm.cost());
	}

	@Test
	void hardBudgetBlocksTheNextRequestBeforeDispatch() throws Exception {
		String first = "cap-" + UUID.randomUUID();
		assertThat(post(chat(false), first, "key-cap", "capped").status()).isEqualTo(200);
		completed(first);
		provider.take();
		String second = "cap-" + UUID.randomUUID();
		Answer blocked = post(chat(false), second, "key-cap", "capped");
		assertThat(blocked.status()).isEqualTo(429);
		JsonNode error = JSON.readTree(blocked.body()).get("error");
		assertThat(error.get("type").stringValue()).isEqualTo("budget_exceeded");
		assertThat(error.get("code").stringValue()).isEqualTo("budget_exceeded");
		assertThat(error.get("message").stringValue()).contains("team 'capped'");
		assertThat(blocked.retryAfter()).isNotNull();
		LlmExchange rejected = completed(second);
		assertThat(rejected.attempts()).isEmpty();
		assertThat(awaitRow(second)).containsEntry("status", 429).containsEntry("error_type", "budget_exceeded");
	}

	@Test
	void hardBudgetAnswersAnAnthropicClientInItsProtocol() throws Exception {
		String first = "capa-" + UUID.randomUUID();
		assertThat(post(chat(false), first, "key-capa", "capped-anthropic").status()).isEqualTo(200);
		completed(first);
		String second = "capa-" + UUID.randomUUID();
		Answer blocked = post("/v1/messages",
				"{\"model\":\"gpt-test\",\"max_tokens\":64,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
				second, "key-capa", "capped-anthropic");
		assertThat(blocked.status()).isEqualTo(429);
		JsonNode body = JSON.readTree(blocked.body());
		assertThat(body.get("type").stringValue()).isEqualTo("error");
		assertThat(body.get("error").get("type").stringValue()).isEqualTo("rate_limit_error");
		assertThat(body.get("error").get("message").stringValue()).contains("Budget exceeded");
		assertThat(completed(second).attempts()).isEmpty();
	}

	@Test
	void softBudgetPublishesTheAlertOnce() throws Exception {
		for (int i = 0; i < 4; i++) {
			String id = "soft-" + UUID.randomUUID();
			assertThat(post(chat(false), id, "key-soft", "watched").status()).isEqualTo(200);
			completed(id);
		}
		assertThat(alerts).filteredOn(a -> a.conditionKey().startsWith("budget:team:watched:"))
			.extracting(LlmAlert::kind)
			.containsExactly("budget_threshold");
	}

	@Test
	void reportsNeedTheMasterKey() throws Exception {
		String id = "report-" + UUID.randomUUID();
		post(chat(false), id, "key-report", "team-report");
		awaitRow(id);
		Answer denied = get("/llm/spend/report?group_by=team", null);
		assertThat(denied.status()).isEqualTo(401);
		Answer report = get("/llm/spend/report?group_by=team&team=team-report", "sk-master");
		assertThat(report.status()).isEqualTo(200);
		JsonNode data = JSON.readTree(report.body()).get("data");
		assertThat(data.get(0).get("group").stringValue()).isEqualTo("team-report");
		assertThat(data.get(0).get("cost").decimalValue()).isEqualByComparingTo(PLAIN_COST);
		Answer logs = get("/llm/spend/logs?key=key-report", "sk-master");
		assertThat(JSON.readTree(logs.body()).get("data").get(0).get("request_id").stringValue()).isEqualTo(id);
	}

	/** Sends a request over a raw socket, reads until {@code marker} arrived, then closes the connection. */
	private String readThenDisconnect(String body, String requestId, String marker) throws Exception {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
			socket.setSoTimeout(10_000);
			String head = "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
					+ "x-request-id: " + requestId + "\r\nx-test-key: key-cut\r\nContent-Length: " + bytes.length
					+ "\r\n\r\n";
			socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
			socket.getOutputStream().write(bytes);
			socket.getOutputStream().flush();
			StringBuilder seen = new StringBuilder();
			byte[] buf = new byte[4096];
			int n;
			while (!seen.toString().contains(marker) && (n = socket.getInputStream().read(buf)) > 0) {
				seen.append(new String(buf, 0, n, StandardCharsets.UTF_8));
			}
			return seen.toString();
		}
	}

	private Map<String, Object> awaitRow(String requestId) {
		await().atMost(Duration.ofSeconds(10))
			.until(() -> db.jdbc().queryForObject("SELECT COUNT(*) FROM llm_spend_log WHERE request_id = ?", Long.class,
					requestId) == 1);
		return db.jdbc().queryForMap("SELECT * FROM llm_spend_log WHERE request_id = ?", requestId);
	}

	private static LlmExchange completed(String requestId) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (System.nanoTime() < deadline) {
			LlmExchange llm = completed.poll(100, TimeUnit.MILLISECONDS);
			if (llm != null && requestId.equals(llm.requestId())) {
				return llm;
			}
		}
		throw new AssertionError("no exchange completed with request id " + requestId);
	}

	record Answer(int status, String body, String cost, String retryAfter) {
	}

	private Answer post(String body, String requestId, String key, String team) {
		return post("/v1/chat/completions", body, requestId, key, team);
	}

	private Answer post(String path, String body, String requestId, String key, String team) {
		return HttpClient.create()
			.headers(h -> {
				h.set("content-type", "application/json").set("x-request-id", requestId);
				if (key != null) {
					h.set("x-test-key", key);
				}
				if (team != null) {
					h.set("x-test-team", team);
				}
			})
			.post()
			.uri("http://127.0.0.1:" + port + path)
			.send((req, out) -> out.sendByteArray(Mono.just(body.getBytes(StandardCharsets.UTF_8))))
			.responseSingle((res, content) -> content.asString(StandardCharsets.UTF_8)
				.defaultIfEmpty("")
				.map(text -> new Answer(res.status().code(), text,
						res.responseHeaders().get(LlmSpendGatewayFilterFactory.COST_HEADER),
						res.responseHeaders().get("retry-after"))))
			.block(Duration.ofSeconds(30));
	}

	private Answer get(String path, String bearer) {
		return HttpClient.create()
			.headers(h -> {
				if (bearer != null) {
					h.set("authorization", "Bearer " + bearer);
				}
			})
			.get()
			.uri("http://127.0.0.1:" + port + path)
			.responseSingle((res, content) -> content.asString(StandardCharsets.UTF_8)
				.defaultIfEmpty("")
				.map(text -> new Answer(res.status().code(), text, null, null)))
			.block(Duration.ofSeconds(15));
	}

	private static String chat(boolean stream) {
		return "{\"model\":\"gpt-test\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class TestApp {

		@Bean
		LlmExchangeInitializer captureCompletions() {
			return (llm, exchange) -> llm.onComplete(completed::add);
		}

		/** The caller named by test headers; no headers: anonymous. */
		@Bean
		IdentityResolver testHeaders() {
			return new IdentityResolver() {

				@Override
				public Mono<Identity> resolve(org.springframework.web.server.ServerWebExchange exchange, LlmExchange llm) {
					String key = exchange.getRequest().getHeaders().getFirst("x-test-key");
					String team = exchange.getRequest().getHeaders().getFirst("x-test-team");
					if (key == null && team == null) {
						return Mono.empty();
					}
					return Mono.just(new Identity(key, null, null, team, Set.of(), null, null, Map.of(), false));
				}

				@Override
				public int getOrder() {
					return Ordered.HIGHEST_PRECEDENCE;
				}
			};
		}

		@EventListener
		void alert(LlmAlert alert) {
			alerts.add(alert);
		}
	}
}
