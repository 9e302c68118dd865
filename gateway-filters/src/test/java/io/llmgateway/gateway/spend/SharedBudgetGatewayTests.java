package io.llmgateway.gateway.spend;

import io.llmgateway.gateway.support.PostgresSchema;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.llmgateway.gateway.core.Identity;
import io.llmgateway.gateway.core.IdentityResolver;
import io.llmgateway.gateway.core.LlmExchange;
import io.llmgateway.gateway.support.mock.MockProvider;
import io.llmgateway.gateway.support.mock.OpenAiReplies;
import io.llmgateway.gateway.support.mock.Replies;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import io.llmgateway.gateway.store.LlmDatabase;
import io.llmgateway.gateway.support.RequiresPostgres;
import io.llmgateway.gateway.support.RequiresRedis;
import io.llmgateway.gateway.support.TestProperties;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two real gateway instances with {@code llm.spend.budget-store.backend=redis} on the machine's Redis (under a key
 * prefix of their own) and one ledger in a fresh PostgreSQL schema: spend and in-flight holds are shared, and a
 * Redis that lost its data is refilled from the ledger.
 */
@RequiresRedis
@RequiresPostgres
class SharedBudgetGatewayTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	static final MockProvider provider = new MockProvider();

	static final String prefix = "llm:budget:e2e:" + UUID.randomUUID() + ":";

	static PostgresSchema schema;

	static ConfigurableApplicationContext first;

	static ConfigurableApplicationContext second;

	@BeforeAll
	static void start() throws Exception {
		schema = new PostgresSchema("shared_budget");
		first = gateway();
		second = gateway();
	}

	@AfterAll
	static void stop() throws Exception {
		if (first != null) {
			first.getBean(RedissonClient.class).getKeys().deleteByPattern(prefix + "*");
			first.close();
		}
		if (second != null) {
			second.close();
		}
		provider.close();
		schema.close();
	}

	@BeforeEach
	void answerAtOnce() {
		provider.behave(Replies.json(200, OpenAiReplies.completion("hey")));
	}

	static ConfigurableApplicationContext gateway() throws Exception {
		Map<String, Object> p = new HashMap<>();
		p.put(TestProperties.AUTOCONFIGURE_EXCLUDE, TestProperties.SECURITY_AUTOCONFIGURATIONS);
		p.put("server.port", "0");
		p.put("llm.keys.enabled", "false");
		p.put("llm.datasource.url", schema.url());
		p.put("llm.datasource.schema", schema.name);
		p.put("llm.datasource.username", "postgres");
		p.put("llm.spend.journal.directory", Files.createTempDirectory("spend-journal").toString());
		p.put("llm.spend.ledger.flush-interval", "20ms");
		p.put("llm.spend.budget-store.backend", "redis");
		p.put("llm.spend.budget-store.key-prefix", prefix);
		p.put("llm.spend.budget-store.reconcile-interval", "500ms");
		// a busy CI machine must not turn a slow answer into an unchecked (fail-open) admission
		p.put("llm.spend.budget-store.timeout", "10s");
		p.put("spring.data.redis.host", "127.0.0.1");
		p.put("spring.data.redis.port", "6379");
		p.put("llm.spend.budgets[0].scope", "team");
		p.put("llm.spend.budgets[0].id", "*");
		p.put("llm.spend.budgets[0].max-budget", "0.03");
		p.put("llm.spend.budgets[0].period", "daily");
		p.put("llm.models[0].name", "gpt-test");
		p.put("llm.models[0].provider", "openai");
		p.put("llm.models[0].model", "provider-model-1");
		p.put("llm.models[0].api-key", "sk-provider-secret");
		p.put("llm.models[0].api-base", provider.baseUrl());
		p.put("llm.models[0].pricing.input-per-million", "1000");
		p.put("llm.models[0].pricing.output-per-million", "2000");
		String route = "spring.cloud.gateway.server.webflux.routes[0].";
		p.put(route + "id", "chat");
		p.put(route + "uri", "http://unused.invalid");
		p.put(route + "predicates[0]", "Path=/v1/chat/completions");
		p.put(route + "filters[0]", "LlmModel");
		p.put(route + "filters[1]", "LlmSpend");
		p.put(route + "filters[2]", "LlmTranslate");
		return new SpringApplicationBuilder(TestApp.class).properties(p).run();
	}

	@Test
	void spendOnOneInstanceExhaustsTheBudgetOnTheOther() throws Exception {
		String team = "team-" + UUID.randomUUID();
		// each answer costs 9 x $1000/M + 4 x $2000/M = $0.017; the budget is $0.03 a day
		assertThat(post(first, team, 4).status()).isEqualTo(200);
		assertThat(post(second, team, 4).status()).isEqualTo(200);
		// the second instance settles its request just after answering it
		await().atMost(Duration.ofSeconds(5)).until(() -> post(first, team, 4).status() == 429);
		Answer blocked = post(first, team, 4);
		assertThat(blocked.status()).isEqualTo(429);
		assertThat(JSON.readTree(blocked.body()).get("error").get("type").stringValue()).isEqualTo("budget_exceeded");
		assertThat(JSON.readTree(blocked.body()).get("error").get("message").stringValue())
			.contains("team '" + team + "'");
		assertThat(post(second, team, 4).status()).isEqualTo(429);
	}

	@Test
	void concurrentRequestsOnBothInstancesOnlyPassWhileTheirHoldsFit() {
		String team = "burst-" + UUID.randomUUID();
		// answers take a while, so all requests are in flight together; each holds its estimate on the way in:
		// 7 prompt tokens x $1000/M + 4 max_tokens x $2000/M = $0.015, so holds reach $0.03 after two admissions
		provider.behave((req, res) -> Mono.delay(Duration.ofMillis(800))
			.then(res.status(200).header("content-type", "application/json")
				.sendString(Mono.just(OpenAiReplies.completion("hey"))).then()));
		List<Mono<Answer>> calls = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			ConfigurableApplicationContext gateway = i % 2 == 0 ? first : second;
			calls.add(Mono.fromCallable(() -> post(gateway, team, 4)).subscribeOn(Schedulers.boundedElastic()));
		}
		List<Answer> answers = Flux.merge(calls).collectList().block(Duration.ofSeconds(30));
		assertThat(answers).filteredOn(a -> a.status() == 200).hasSize(2);
		assertThat(answers).filteredOn(a -> a.status() == 429)
			.hasSize(8)
			.allMatch(a -> a.body().contains("budget_exceeded") && a.body().contains("held by requests in flight"));
	}

	@Test
	void aRedisThatLostItsDataIsRefilledFromTheLedger() throws Exception {
		String team = "refill-" + UUID.randomUUID();
		// small requests ($0.015 held each), so the second fits even before the first one's settlement lands
		assertThat(post(first, team, 4).status()).isEqualTo(200);
		assertThat(post(first, team, 4).status()).isEqualTo(200);
		JdbcTemplate jdbc = first.getBean(LlmDatabase.class).jdbc();
		await().atMost(Duration.ofSeconds(30))
			.until(() -> jdbc.queryForObject("SELECT COUNT(*) FROM llm_spend_log WHERE team_id = ?", Long.class,
					team) == 2);
		// Redis restarted empty (it keeps nothing on disk here): every counter is gone
		RedissonClient redis = first.getBean(RedissonClient.class);
		redis.getKeys().deleteByPattern(prefix + "spend:team:" + team + "*");
		assertThat(redis.getKeys().getKeysByPattern(prefix + "spend:team:" + team + "*")).isEmpty();
		// the next reconciliation (every 500 ms here) restores the team's spend from the ledger
		// (generous: on a loaded machine a reconciliation or a Redis answer can take seconds)
		await().atMost(Duration.ofSeconds(30)).until(() -> post(second, team, 16).status() == 429);
	}

	record Answer(int status, String body) {
	}

	private static Answer post(ConfigurableApplicationContext gateway, String team, int maxTokens) {
		String body = "{\"model\":\"gpt-test\",\"max_tokens\":" + maxTokens
				+ ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
		String port = gateway.getEnvironment().getProperty("local.server.port");
		return HttpClient.create()
			.headers(h -> h.set("content-type", "application/json").set("x-test-key", "key-" + team)
				.set("x-test-team", team))
			.post()
			.uri("http://127.0.0.1:" + port + "/v1/chat/completions")
			.send((req, out) -> out.sendByteArray(Mono.just(body.getBytes(StandardCharsets.UTF_8))))
			.responseSingle((res, content) -> content.asString(StandardCharsets.UTF_8)
				.defaultIfEmpty("")
				.map(text -> new Answer(res.status().code(), text)))
			.block(Duration.ofSeconds(30));
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class TestApp {

		/** The caller named by test headers. */
		@Bean
		IdentityResolver testHeaders() {
			return new IdentityResolver() {

				@Override
				public Mono<Identity> resolve(ServerWebExchange exchange, LlmExchange llm) {
					String key = exchange.getRequest().getHeaders().getFirst("x-test-key");
					String team = exchange.getRequest().getHeaders().getFirst("x-test-team");
					return Mono.just(new Identity(key, null, null, team, Set.of(), null, null, Map.of(), false));
				}

				@Override
				public int getOrder() {
					return Ordered.HIGHEST_PRECEDENCE;
				}
			};
		}
	}
}
