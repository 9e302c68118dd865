package io.llmgateway.adminui;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The read-only endpoints the console added to the admin API: errors per day, recent ledger rows by status, users,
 * deployments with price and quota headroom. Traffic: two successful requests and one failing one of a key
 * {@code data-key}, one successful request of the master key.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, classes = ConsoleTestApp.class,
		properties = ConsoleTestApp.NO_DEFAULT_SECURITY)
class ConsoleDataRoutesTests {

	static final MockOpenAi provider = new MockOpenAi();

	static boolean trafficSent;

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		ConsoleTestApp.register(registry, provider);
	}

	@AfterAll
	static void stop() throws Exception {
		provider.close();
	}

	ConsoleHttp http;

	@org.junit.jupiter.api.BeforeEach
	void traffic() throws Exception {
		http = new ConsoleHttp(port);
		if (trafficSent) {
			return;
		}
		trafficSent = true;
		String key = http.adminPost("/llm/key/generate", "{\"key_alias\":\"data-key\"}").get("key").asString();
		assertThat(http.chat(key, "one").statusCode()).isEqualTo(200);
		assertThat(http.chat(key, "two").statusCode()).isEqualTo(200);
		assertThat(http.chat(key, "FAIL").statusCode()).isEqualTo(500);
		assertThat(http.chat(ConsoleTestApp.MASTER, "three").statusCode()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> http.adminGet("/llm/spend/requests").get("data").size() == 4);
	}

	@Test
	void dailyCountsRequestsErrorsTokensAndSpend() throws Exception {
		JsonNode body = http.adminGet("/llm/spend/daily");
		LocalDate today = LocalDate.now(ZoneOffset.UTC);
		assertThat(body.get("from").asString()).isEqualTo(today.minusDays(29).toString());
		assertThat(body.get("data")).hasSize(1);
		JsonNode day = body.get("data").get(0);
		assertThat(day.get("day").asString()).isEqualTo(today.toString());
		assertThat(day.get("requests").asLong()).isEqualTo(4);
		assertThat(day.get("errors").asLong()).isEqualTo(1);
		assertThat(day.get("input_tokens").asLong()).isEqualTo(30);
		assertThat(day.get("output_tokens").asLong()).isEqualTo(15);
		assertThat(day.get("cost").decimalValue()).isEqualByComparingTo("0.06");
		assertThat(http.adminGet("/llm/spend/daily?from=2020-01-01&to=2020-01-31").get("data")).isEmpty();
	}

	@Test
	void recentRowsFilterByStatusKeyAndModelAndNeverCarryBodies() throws Exception {
		assertThat(http.adminGet("/llm/spend/requests?status=error").get("data")).hasSize(1)
			.allSatisfy(r -> assertThat(r.get("status").asInt()).isEqualTo(500));
		assertThat(http.adminGet("/llm/spend/requests?status=500").get("data")).hasSize(1);
		assertThat(http.adminGet("/llm/spend/requests?status=ok").get("data")).hasSize(3)
			.allSatisfy(r -> assertThat(r.get("outcome").asString()).isEqualTo("SUCCESS"));
		assertThat(http.adminGet("/llm/spend/requests?key=data-key").get("data")).hasSize(3);
		assertThat(http.adminGet("/llm/spend/requests?key=data-key&status=ok").get("data")).hasSize(2);
		assertThat(http.adminGet("/llm/spend/requests?model=other").get("data")).isEmpty();
		assertThat(http.adminGet("/llm/spend/requests?limit=2").get("data")).hasSize(2);
		assertThat(http.adminGet("/llm/spend/requests?from=2020-01-01&to=2020-01-02").get("data")).isEmpty();
		JsonNode rows = http.adminGet("/llm/spend/requests").get("data");
		assertThat(rows.get(0).get("started_at").asString()).isGreaterThanOrEqualTo(rows.get(3).get("started_at").asString());
		rows.forEach(r -> assertThat(r.has("request_body") || r.has("response_body")).isFalse());
		assertThat(rows.toString()).doesNotContain("one", "two", "three");
	}

	@Test
	void badFiltersAreA400() throws Exception {
		HttpResponse<String> r = http.get("/llm/spend/requests?status=teapot", "Authorization", "Bearer " + ConsoleTestApp.MASTER);
		assertThat(r.statusCode()).isEqualTo(400);
		assertThat(r.body()).contains("status must be ok, error or an HTTP status code");
		assertThat(http.get("/llm/spend/daily?from=yesterday", "Authorization", "Bearer " + ConsoleTestApp.MASTER)
			.statusCode()).isEqualTo(400);
	}

	@Test
	void deploymentsShowPriceAndQuotaHeadroom() throws Exception {
		JsonNode d = http.adminGet("/llm/model/deployments").get(0);
		assertThat(d.get("id").asString()).isEqualTo("gpt-test#0");
		assertThat(d.get("model_name").asString()).isEqualTo("gpt-test");
		assertThat(d.get("provider").asString()).isEqualTo("openai");
		assertThat(d.get("price").get("input_per_million").decimalValue()).isEqualByComparingTo("1000");
		assertThat(d.get("price").get("output_per_million").decimalValue()).isEqualByComparingTo("2000");
		assertThat(d.get("price").get("source").asString()).isEqualTo("deployment");
		assertThat(d.get("rpm_limit").asLong()).isEqualTo(600);
		assertThat(d.get("rpm_headroom").asLong()).isEqualTo(600 - d.get("requests_this_minute").asLong());
		assertThat(d.get("tpm_limit").isNull()).isTrue();
		assertThat(d.toString()).doesNotContain(MockOpenAi.PROVIDER_KEY, "127.0.0.1");
	}

	@Test
	void usersAreListedWithTheirKeysAndTeams() throws Exception {
		http.adminPost("/llm/team/new", "{\"team_id\":\"data-team\"}");
		http.adminPost("/llm/user/new", "{\"user_id\":\"data-user\",\"teams\":[\"data-team\"],\"max_budget\":3}");
		JsonNode users = http.adminGet("/llm/user/list").get("users");
		JsonNode user = null;
		for (JsonNode u : users) {
			if ("data-user".equals(u.get("user_id").asString())) {
				user = u;
			}
		}
		assertThat(user).isNotNull();
		assertThat(user.get("user_info").get("max_budget").decimalValue()).isEqualByComparingTo("3");
		assertThat(user.get("keys")).hasSize(1);
		assertThat(user.get("teams").get(0).get("team_id").asString()).isEqualTo("data-team");
		assertThat(user.toString()).doesNotContain("\"key\":\"sk-");
	}
}
