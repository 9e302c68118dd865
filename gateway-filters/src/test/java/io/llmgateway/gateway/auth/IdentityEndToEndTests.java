package io.llmgateway.gateway.auth;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.spec.SecretKeySpec;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.PermissionDeniedException;
import com.openai.errors.RateLimitException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.llmgateway.gateway.core.Identity;
import io.llmgateway.gateway.core.LlmExchange;
import io.llmgateway.gateway.support.mock.MockProvider;
import io.llmgateway.gateway.support.mock.OpenAiReplies;
import io.llmgateway.gateway.support.mock.Replies;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Each resolver end to end through the official OpenAI SDK against the real gateway and a mock provider: virtual
 * keys and the master key (Bearer), trusted headers from loopback, and a Spring Security JWT principal. A filter placed
 * after {@code LlmModel} records the identity it sees; {@code LlmTokenRateLimit} enforces the key's limits.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, classes = IdentityEndToEndTests.App.class,
		properties = {
				"llm.datasource.url=jdbc:h2:mem:identity-e2e;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1",
				"llm.keys.master-key=" + IdentityEndToEndTests.MASTER, "llm.keys.enabled=true", "llm.auth.trusted-header.enabled=true",
				"llm.auth.trusted-header.trusted-proxies=127.0.0.1,::1", "llm.auth.jwt.team-claim=org",
				"llm.auth.jwt.models-claim=llm_models",
				"spring.cloud.gateway.server.webflux.routes[0].id=chat",
				"spring.cloud.gateway.server.webflux.routes[0].uri=http://unused.invalid",
				"spring.cloud.gateway.server.webflux.routes[0].predicates[0]=Path=/v1/chat/completions,/jwt/v1/chat/completions,/v1/messages",
				"spring.cloud.gateway.server.webflux.routes[0].filters[0]=LlmModel",
				"spring.cloud.gateway.server.webflux.routes[0].filters[1]=RecordIdentity",
				"spring.cloud.gateway.server.webflux.routes[0].filters[2]=LlmSpend",
				"spring.cloud.gateway.server.webflux.routes[0].filters[3]=LlmTokenRateLimit",
				"spring.cloud.gateway.server.webflux.routes[0].filters[4]=LlmTranslate" })
@ExtendWith(OutputCaptureExtension.class)
class IdentityEndToEndTests {

	static final String MASTER = "sk-master-e2e";

	static final byte[] JWT_SECRET = "identity-e2e-test-secret-of-at-least-256-bits!!".getBytes(StandardCharsets.UTF_8);

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final MockProvider provider = new MockProvider();

	/** What the filter after LlmModel saw, by request id. */
	static final Map<String, Identity> seen = new ConcurrentHashMap<>();

	@LocalServerPort
	int port;

	@Autowired
	KeyAdminService admin;

	@Autowired
	TeamAdminService teams;

	@Autowired
	UserAdminService users;

	String requestId;

	@DynamicPropertySource
	static void models(DynamicPropertyRegistry registry) {
		registry.add("llm.models[0].name", () -> "gpt-4o");
		registry.add("llm.models[0].provider", () -> "openai");
		registry.add("llm.models[0].model", () -> "gpt-4o-2024-08-06");
		registry.add("llm.models[0].api-key", () -> "sk-provider");
		registry.add("llm.models[0].api-base", provider::baseUrl);
		registry.add("llm.models[1].name", () -> "o3");
		registry.add("llm.models[1].provider", () -> "openai");
		registry.add("llm.models[1].model", () -> "o3");
		registry.add("llm.models[1].api-key", () -> "sk-provider");
		registry.add("llm.models[1].api-base", provider::baseUrl);
	}

	@AfterAll
	static void stop() {
		provider.close();
	}

	@BeforeEach
	void reset() {
		requestId = "e2e-" + UUID.randomUUID();
		provider.behave(Replies.json(200, OpenAiReplies.completion("hi")));
	}

	OpenAIClient client(String apiKey, String path, Map<String, String> headers) {
		OpenAIOkHttpClient.Builder b = OpenAIOkHttpClient.builder()
			.baseUrl("http://127.0.0.1:" + port + path)
			.apiKey(apiKey)
			.putHeader("x-request-id", requestId)
			.maxRetries(0)
			.timeout(Duration.ofSeconds(20));
		headers.forEach(b::putHeader);
		return b.build();
	}

	static ChatCompletionCreateParams chat(String model) {
		return ChatCompletionCreateParams.builder().model(model).addUserMessage("hello").build();
	}

	String newKey(Map<String, Object> fields) {
		return admin.generate(JSON.valueToTree(fields)).get("key").toString();
	}

	@Test
	void virtualKeyWithBearerReachesLaterFiltersWithItsLimitsAndBudgets(CapturedOutput output) {
		teams.newTeam(JSON.valueToTree(Map.of("team_id", "e2e-team", "max_budget", 50, "tpm_limit", 100000)));
		String key = newKey(Map.of("models", List.of("gpt-4o"), "max_budget", 5, "budget_duration", "1d",
				"tpm_limit", 50000, "rpm_limit", 100, "team_id", "e2e-team", "user_id", "e2e-user", "key_alias",
				"e2e"));

		ChatCompletion c = client(key, "/v1", Map.of()).chat().completions().create(chat("gpt-4o"));

		assertThat(c.choices().get(0).message().content()).contains("hi");
		Identity id = seen.get(requestId);
		assertThat(id.keyId()).isEqualTo(VirtualKeys.hash(key));
		assertThat(id.keyAlias()).isEqualTo("e2e");
		assertThat(id.userId()).isEqualTo("e2e-user");
		assertThat(id.teamId()).isEqualTo("e2e-team");
		assertThat(id.limits().tpm()).isEqualTo(50000);
		assertThat(id.limits().rpm()).isEqualTo(100);
		assertThat(id.budget().maxBudget()).isEqualByComparingTo("5");
		assertThat(id.budget().period()).isEqualTo("1d");
		assertThat(id.teamBudget().maxBudget()).isEqualByComparingTo("50");
		assertThat(id.teamLimits().tpm()).isEqualTo(100000);
		// the access log and every other log line name the key by its hash only
		assertThat(output.getAll()).doesNotContain(key).doesNotContain(key.substring(3)).doesNotContain(MASTER);
	}

	@Test
	void theRateLimitFilterEnforcesTheKeysRpm() {
		String key = newKey(Map.of("rpm_limit", 1));
		OpenAIClient client = client(key, "/v1", Map.of());
		client.chat().completions().create(chat("gpt-4o"));
		assertThatThrownBy(() -> client.chat().completions().create(chat("gpt-4o")))
			.isInstanceOf(RateLimitException.class);
	}

	@Test
	void theSpendFilterEnforcesTheKeysBudget() {
		String key = newKey(Map.of("max_budget", 0.000001));
		OpenAIClient client = client(key, "/v1", Map.of());
		client.chat().completions().create(chat("gpt-4o"));
		// the cost is recorded at completion, which may trail the response a little
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		RateLimitException refused = null;
		while (refused == null && System.nanoTime() < deadline) {
			try {
				client.chat().completions().create(chat("gpt-4o"));
				sleep(50);
			}
			catch (RateLimitException ex) {
				refused = ex;
			}
		}
		assertThat(refused).isNotNull();
		assertThat(refused.getMessage()).containsIgnoringCase("budget");
	}

	@Test
	void userUpdateLowersTheUsersBudgetAndTheNextRequestsAreRefused() {
		String user = "e2e-budget-" + UUID.randomUUID();
		String key = users.newUser(JSON.valueToTree(Map.of("user_id", user, "max_budget", 100))).get("key").toString();
		OpenAIClient client = client(key, "/v1", Map.of());
		client.chat().completions().create(chat("gpt-4o"));
		client.chat().completions().create(chat("gpt-4o"));

		HttpResponse<String> updated = raw("/llm/user/update", Map.of("authorization", "Bearer " + MASTER),
				"{\"user_id\":\"" + user + "\",\"max_budget\":0.000001}");
		assertThat(updated.statusCode()).isEqualTo(200);
		assertThat(seen.get(requestId).userBudget().maxBudget()).isEqualByComparingTo("100");

		// the spend of the requests above is recorded at completion, which may trail the response a little
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		RateLimitException refused = null;
		while (refused == null && System.nanoTime() < deadline) {
			try {
				client.chat().completions().create(chat("gpt-4o"));
				sleep(50);
			}
			catch (RateLimitException ex) {
				refused = ex;
			}
		}
		assertThat(refused).isNotNull();
		assertThat(refused.getMessage()).containsIgnoringCase("budget");
	}

	@Test
	void masterKeyIsAcceptedOnLlmRoutes() {
		client(MASTER, "/v1", Map.of()).chat().completions().create(chat("o3"));
		Identity id = seen.get(requestId);
		assertThat(id.admin()).isTrue();
		assertThat(id.keyId()).isEqualTo("master");
	}

	@Test
	void missingUnknownExpiredAndBlockedKeysAre401ModelNotAllowedIs403() {
		assertThatThrownBy(() -> client("sk-unknown", "/v1", Map.of()).chat().completions().create(chat("gpt-4o")))
			.isInstanceOfSatisfying(UnauthorizedException.class,
					ex -> assertThat(ex.getMessage()).contains("Invalid API key"));

		String blocked = newKey(Map.of("blocked", true));
		assertThatThrownBy(() -> client(blocked, "/v1", Map.of()).chat().completions().create(chat("gpt-4o")))
			.isInstanceOfSatisfying(UnauthorizedException.class,
					ex -> assertThat(ex.getMessage()).contains("blocked"));

		String expired = newKey(Map.of("duration", "1s"));
		sleep(1100);
		assertThatThrownBy(() -> client(expired, "/v1", Map.of()).chat().completions().create(chat("gpt-4o")))
			.isInstanceOfSatisfying(UnauthorizedException.class,
					ex -> assertThat(ex.getMessage()).contains("expired"));

		String limited = newKey(Map.of("models", List.of("gpt-4o")));
		assertThatThrownBy(() -> client(limited, "/v1", Map.of()).chat().completions().create(chat("o3")))
			.isInstanceOf(PermissionDeniedException.class);

		// no key at all (raw HTTP: the SDK always sends one)
		HttpResponse<String> none = raw("/v1/chat/completions", Map.of());
		assertThat(none.statusCode()).isEqualTo(401);
		JsonNode error = JSON.readTree(none.body()).get("error");
		assertThat(error.get("type").asString()).isEqualTo("authentication_error");
		assertThat(error.get("message").asString()).contains("Missing API key");
	}

	@Test
	void xApiKeyAndAzureApiKeyHeadersAreAcceptedToo() {
		String key = newKey(Map.of("key_alias", "headers"));
		assertThat(raw("/v1/chat/completions", Map.of("x-api-key", key)).statusCode()).isEqualTo(200);
		assertThat(raw("/v1/chat/completions", Map.of("api-key", key)).statusCode()).isEqualTo(200);
		assertThat(raw("/v1/chat/completions", Map.of("x-api-key", "sk-bad")).statusCode()).isEqualTo(401);
	}

	@Test
	void trustedHeadersFromLoopbackIdentifyTheCaller() {
		teams.newTeam(JSON.valueToTree(Map.of("team_id", "kong-team", "rpm_limit", 77)));
		client("ignored-by-the-gateway", "/v1", Map.of("x-llm-user", "kong-user", "x-llm-team", "kong-team"))
			.chat().completions().create(chat("gpt-4o"));
		Identity id = seen.get(requestId);
		assertThat(id.userId()).isEqualTo("kong-user");
		assertThat(id.teamId()).isEqualTo("kong-team");
		assertThat(id.keyId()).isNull();
		assertThat(id.teamLimits().rpm()).isEqualTo(77);
	}

	@Test
	void springSecurityJwtPrincipalIsTheIdentity() throws Exception {
		String jwt = jwt(Map.of("sub", "jwt-user", "org", "jwt-team", "llm_models", List.of("gpt-4o")));
		client(jwt, "/jwt/v1", Map.of()).chat().completions().create(chat("gpt-4o"));
		Identity id = seen.get(requestId);
		assertThat(id.userId()).isEqualTo("jwt-user");
		assertThat(id.teamId()).isEqualTo("jwt-team");
		assertThat(id.allowedModels()).containsExactly("gpt-4o");

		requestId = "e2e-" + UUID.randomUUID();
		assertThatThrownBy(() -> client(jwt, "/jwt/v1", Map.of()).chat().completions().create(chat("o3")))
			.isInstanceOf(PermissionDeniedException.class);
		// a bad token is refused by Spring Security itself
		assertThatThrownBy(() -> client("not-a-jwt", "/jwt/v1", Map.of()).chat().completions().create(chat("gpt-4o")))
			.isInstanceOf(UnauthorizedException.class);
	}

	AnthropicClient anthropic(String apiKey) {
		return AnthropicOkHttpClient.builder()
			.baseUrl("http://127.0.0.1:" + port)
			.apiKey(apiKey)
			.putHeader("x-request-id", requestId)
			.maxRetries(0)
			.timeout(Duration.ofSeconds(20))
			.build();
	}

	static MessageCreateParams ask(String model) {
		return MessageCreateParams.builder().model(model).maxTokens(64).addUserMessage("hello").build();
	}

	@Test
	void anthropicSdkWithXApiKey() {
		String key = newKey(Map.of("models", List.of("gpt-4o"), "key_alias", "claude-code", "tpm_limit", 9000));
		Message m = anthropic(key).messages().create(ask("gpt-4o"));
		assertThat(m.content()).isNotEmpty();
		Identity id = seen.get(requestId);
		assertThat(id.keyId()).isEqualTo(VirtualKeys.hash(key));
		assertThat(id.keyAlias()).isEqualTo("claude-code");
		assertThat(id.limits().tpm()).isEqualTo(9000);
	}

	@Test
	void anthropicClientsGet401And403InTheirProtocol() {
		assertThatThrownBy(() -> anthropic("sk-unknown").messages().create(ask("gpt-4o")))
			.isInstanceOfSatisfying(com.anthropic.errors.UnauthorizedException.class,
					ex -> assertThat(ex.getMessage()).contains("Invalid API key"));
		String blocked = newKey(Map.of("blocked", true));
		assertThatThrownBy(() -> anthropic(blocked).messages().create(ask("gpt-4o")))
			.isInstanceOfSatisfying(com.anthropic.errors.UnauthorizedException.class,
					ex -> assertThat(ex.getMessage()).contains("blocked"));
		String expired = newKey(Map.of("duration", "1s"));
		sleep(1100);
		assertThatThrownBy(() -> anthropic(expired).messages().create(ask("gpt-4o")))
			.isInstanceOfSatisfying(com.anthropic.errors.UnauthorizedException.class,
					ex -> assertThat(ex.getMessage()).contains("expired"));
		String limited = newKey(Map.of("models", List.of("gpt-4o")));
		assertThatThrownBy(() -> anthropic(limited).messages().create(ask("o3")))
			.isInstanceOf(com.anthropic.errors.PermissionDeniedException.class);

		HttpResponse<String> none = raw("/v1/messages", Map.of("anthropic-version", "2023-06-01"),
				"{\"model\":\"gpt-4o\",\"max_tokens\":16,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
		assertThat(none.statusCode()).isEqualTo(401);
		JsonNode body = JSON.readTree(none.body());
		assertThat(body.get("type").asString()).isEqualTo("error");
		assertThat(body.get("error").get("type").asString()).isEqualTo("authentication_error");
		assertThat(body.get("error").get("message").asString()).contains("Missing API key");
	}

	HttpResponse<String> raw(String path, Map<String, String> headers) {
		return raw(path, headers, "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
	}

	HttpResponse<String> raw(String path, Map<String, String> headers, String body) {
		HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.header("content-type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		headers.forEach(b::header);
		try {
			return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	static String jwt(Map<String, Object> claims) throws Exception {
		JWTClaimsSet.Builder b = new JWTClaimsSet.Builder().expirationTime(Date.from(Instant.now().plusSeconds(300)))
			.issueTime(new Date());
		claims.forEach(b::claim);
		SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), b.build());
		jwt.sign(new MACSigner(JWT_SECRET));
		return jwt.serialize();
	}

	static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

		/** Records the identity a filter after LlmModel sees. */
		@Bean
		RecordIdentityGatewayFilterFactory recordIdentityGatewayFilterFactory() {
			return new RecordIdentityGatewayFilterFactory();
		}

		/** JWT on /jwt/** only: elsewhere a Bearer token is a virtual key, not a JWT. */
		@Bean
		@Order(1)
		SecurityWebFilterChain jwtChain(ServerHttpSecurity http) {
			return http.securityMatcher(ServerWebExchangeMatchers.pathMatchers("/jwt/**"))
				.csrf(ServerHttpSecurity.CsrfSpec::disable)
				.authorizeExchange(a -> a.anyExchange().authenticated())
				.oauth2ResourceServer(o -> o.jwt(j -> j.jwtDecoder(jwtDecoder())))
				.build();
		}

		@Bean
		@Order(2)
		SecurityWebFilterChain openChain(ServerHttpSecurity http) {
			return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
				.authorizeExchange(a -> a.anyExchange().permitAll())
				.build();
		}

		static ReactiveJwtDecoder jwtDecoder() {
			return NimbusReactiveJwtDecoder.withSecretKey(new SecretKeySpec(JWT_SECRET, "HmacSHA256"))
				.macAlgorithm(MacAlgorithm.HS256)
				.build();
		}
	}

	static class RecordIdentityGatewayFilterFactory extends AbstractGatewayFilterFactory<Object> {

		RecordIdentityGatewayFilterFactory() {
			super(Object.class);
		}

		@Override
		public GatewayFilter apply(Object config) {
			return (exchange, chain) -> {
				LlmExchange llm = LlmExchange.get(exchange);
				seen.put(llm.requestId(), llm.identity());
				return chain.filter(exchange);
			};
		}
	}
}
