package io.llmgateway.startertests;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A plain Spring Cloud Gateway application with the starter and none of its optional libraries (no JDBC, H2,
 * Flyway, Redisson, Caffeine, Bucket4j, jtokkit, AWS or Google libraries on the classpath), with its own
 * catch-all-ish route declared before an LLM route: it starts without a database or Redis, creates no file, keeps its
 * own {@code /health} and {@code /key/**}, refuses LLM calls without identity and answers them with one, and warns
 * about the shadowed route. Routes naming features whose library is missing load: {@code LlmCache} passes through,
 * {@code LlmTokenRateLimit} refuses, {@code LlmCountTokens} estimates, and the start-up log names what to add.
 */
class StarterAsGuestTests {

	static final String MASTER = "sk-guest-master";

	static final String CHAT = "{\"model\":\"gpt-guest\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

	static Upstream upstream;

	static ChildGateway gateway;

	@BeforeAll
	static void start() throws Exception {
		upstream = new Upstream();
		gateway = ChildGateway.start("app-classpath.txt", args(upstream.url(), MASTER));
	}

	/** The application's own route first, then the LLM routes, as a user appends them. */
	static List<String> args(String upstream, String masterKey) {
		String r = "--spring.cloud.gateway.server.webflux.routes";
		List<String> args = new ArrayList<>(List.of(
				r + "[0].id=app-own", r + "[0].uri=" + upstream, r + "[0].predicates[0]=Path=/health,/key/**,/legacy/**",
				r + "[1].id=llm-chat", r + "[1].uri=no://op", r + "[1].order=-1",
				r + "[1].predicates[0]=Path=/v1/chat/completions", r + "[1].filters[0]=LlmModel",
				r + "[1].filters[1]=LlmTranslate",
				r + "[2].id=llm-legacy", r + "[2].uri=no://op",
				r + "[2].predicates[0]=Path=/legacy/v1/chat/completions", r + "[2].filters[0]=LlmModel",
				r + "[2].filters[1]=LlmTranslate",
				// the features whose libraries the application does not have: Caffeine, Bucket4j, jtokkit
				r + "[3].id=llm-cached", r + "[3].uri=no://op", r + "[3].order=-1",
				r + "[3].predicates[0]=Path=/cached/v1/chat/completions", r + "[3].filters[0]=LlmModel",
				r + "[3].filters[1]=LlmCache", r + "[3].filters[2]=LlmTranslate",
				r + "[4].id=llm-limited", r + "[4].uri=no://op", r + "[4].order=-1",
				r + "[4].predicates[0]=Path=/limited/v1/chat/completions", r + "[4].filters[0]=LlmModel",
				r + "[4].filters[1]=LlmTokenRateLimit=key,100,100000", r + "[4].filters[2]=LlmTranslate",
				r + "[5].id=llm-count", r + "[5].uri=no://op", r + "[5].order=-1",
				r + "[5].predicates[0]=Path=/v1/messages/count_tokens", r + "[5].filters[0]=LlmModel",
				r + "[5].filters[1]=LlmCountTokens", "--llm.cache.enabled=true",
				"--llm.models[0].name=gpt-guest", "--llm.models[0].provider=openai-compatible",
				"--llm.models[0].model=m", "--llm.models[0].api-base=" + upstream + "/v1"));
		if (masterKey != null) {
			args.add("--llm.keys.master-key=" + masterKey);
		}
		return args;
	}

	@AfterAll
	static void stop() throws Exception {
		if (gateway != null) {
			gateway.close();
		}
		if (upstream != null) {
			upstream.close();
		}
	}

	@Test
	void startsWithoutDatabaseOrRedisAndCreatesNoFile() throws Exception {
		String out = gateway.output();
		assertThat(out).doesNotContain("HikariPool", "Flyway", "Redisson", "NoClassDefFoundError",
				"ClassNotFoundException");
		try (Stream<java.nio.file.Path> files = Files.list(gateway.workDir)) {
			assertThat(files.toList()).as("files in the working directory").isEmpty();
		}
	}

	@Test
	void theApplicationsOwnHealthAndKeyRoutesWin() throws Exception {
		HttpResponse<String> health = gateway.get("/health", Map.of());
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(health.body()).isEqualTo("{\"from\":\"app\"}");
		HttpResponse<String> keys = gateway.get("/key/list", Map.of("Authorization", "Bearer " + MASTER));
		assertThat(keys.body()).isEqualTo("{\"from\":\"app\"}");
		assertThat(upstream.paths).contains("/health", "/key/list");
		// the starter's own health is under its prefix, and tells the public only up or down
		HttpResponse<String> own = gateway.get("/llm/health", Map.of());
		assertThat(own.body()).isEqualTo("{\"status\":\"up\"}");
	}

	@Test
	void theLlmRouteRefusesWithoutIdentityAndAnswersWithOne() throws Exception {
		HttpResponse<String> refused = gateway.post("/v1/chat/completions", CHAT, Map.of());
		assertThat(refused.statusCode()).isEqualTo(401);
		assertThat(refused.body()).contains("authentication_error", "Authorization: Bearer <key>");

		HttpResponse<String> answered = gateway.post("/v1/chat/completions", CHAT,
				Map.of("Authorization", "Bearer " + MASTER));
		assertThat(answered.statusCode()).isEqualTo(200);
		assertThat(answered.body()).contains("hello from the provider");
	}

	@Test
	void aShadowedLlmRouteIsReportedAtStartUp() throws Exception {
		assertThat(gateway.output()).contains("LLM route 'llm-legacy'", "shadowed by route 'app-own'");
		assertThat(gateway.output()).doesNotContain("LLM route 'llm-chat'");
		// and indeed the application's route gets its requests
		HttpResponse<String> legacy = gateway.post("/legacy/v1/chat/completions", CHAT,
				Map.of("Authorization", "Bearer " + MASTER));
		assertThat(legacy.body()).isEqualTo("{\"from\":\"app\"}");
	}

	@Test
	void noneOfTheOptionalLibrariesIsOnTheApplicationsClasspath() throws Exception {
		String classpath = Files.readString(java.nio.file.Path.of("target", "app-classpath.txt"));
		assertThat(classpath).contains("gateway-filters")
			.doesNotContain("caffeine", "bucket4j", "jtokkit", "redisson", "h2-", "flyway", "awssdk", "google-auth");
	}

	@Test
	void theCacheRoutePassesThroughWithoutCaffeineAndTheLogNamesIt() throws Exception {
		int before = upstream.paths.size();
		for (int i = 0; i < 2; i++) {
			HttpResponse<String> answer = gateway.post("/cached/v1/chat/completions", CHAT,
					Map.of("Authorization", "Bearer " + MASTER));
			assertThat(answer.statusCode()).isEqualTo(200);
			assertThat(answer.body()).contains("hello from the provider");
			assertThat(answer.headers().firstValue("x-cache")).isEmpty();
		}
		assertThat(upstream.paths.size() - before).as("both requests reached the provider").isEqualTo(2);
		assertThat(gateway.output()).contains(
				"LlmCache (the local response cache) needs com.github.ben-manes.caffeine:caffeine on the classpath");
	}

	@Test
	void theRateLimitedRouteRefusesInTheClientsProtocolWithoutBucket4jAndTheLogNamesIt() throws Exception {
		int before = upstream.paths.size();
		HttpResponse<String> refused = gateway.post("/limited/v1/chat/completions", CHAT,
				Map.of("Authorization", "Bearer " + MASTER));
		assertThat(refused.statusCode()).isEqualTo(503);
		assertThat(refused.body()).contains("\"error\"", "rate_limiter_not_installed", "not installed");
		assertThat(upstream.paths.size()).as("the provider was not called").isEqualTo(before);
		assertThat(gateway.output()).contains("LlmTokenRateLimit (the local rate-limit backend) needs "
				+ "com.bucket4j:bucket4j_jdk17-core and com.github.ben-manes.caffeine:caffeine on the classpath");
	}

	@Test
	void countTokensWithoutJtokkitAnswersAnEstimateAndSaysSo() throws Exception {
		HttpResponse<String> count = gateway.post("/v1/messages/count_tokens",
				"{\"model\":\"gpt-guest\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello world\"}]}",
				Map.of("x-api-key", MASTER, "anthropic-version", "2023-06-01"));
		assertThat(count.statusCode()).isEqualTo(200);
		// the heuristic: 3 (reply priming) + 3 (message) + ceil(11 characters / 4)
		assertThat(count.body()).isEqualTo("{\"input_tokens\":9}");
		assertThat(count.headers().firstValue("x-llm-token-count")).hasValue("estimate");
	}
}
