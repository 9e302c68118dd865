package io.llmgateway.gateway.auth;

import java.util.Base64;
import java.util.Map;

import io.llmgateway.gateway.support.TestProperties;
import io.llmgateway.gateway.support.mock.MockProvider;
import io.llmgateway.gateway.support.mock.OpenAiReplies;
import io.llmgateway.gateway.support.mock.Replies;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.userdetails.MapReactiveUserDetailsService;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.config.Customizer.withDefaults;

/**
 * LLM routes refuse callers nothing identified, by default ({@code llm.keys.enabled} unset; this module's shared
 * test properties are skipped with {@code spring.config.name=none}), in the client's protocol and naming how to
 * authenticate; and a presented key is checked even when Spring Security authenticated a principal.
 */
class SecureByDefaultTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final MockProvider provider = new MockProvider();

	static final String OPENAI_BODY = "{\"model\":\"gpt-test\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

	@DynamicPropertySource
	static void gateway(DynamicPropertyRegistry registry) {
		registry.add("llm.models[0].name", () -> "gpt-test");
		registry.add("llm.models[0].provider", () -> "openai");
		registry.add("llm.models[0].model", () -> "provider-model");
		registry.add("llm.models[0].api-key", () -> "sk-provider");
		registry.add("llm.models[0].api-base", provider::baseUrl);
		String r = "spring.cloud.gateway.server.webflux.routes[0]";
		registry.add(r + ".id", () -> "llm");
		registry.add(r + ".uri", () -> "http://unused.invalid");
		registry.add(r + ".predicates[0]", () -> "Path=/v1/chat/completions,/v1/messages");
		registry.add(r + ".filters[0]", () -> "LlmModel");
		registry.add(r + ".filters[1]", () -> "LlmTranslate");
	}

	@AfterAll
	static void stop() {
		provider.close();
	}

	static WebTestClient client(int port) {
		return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
	}

	@Nested
	@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, classes = App.class,
			properties = { "spring.config.name=none", "llm.database.enabled=false",
					"llm.auth.principal.enabled=false", TestProperties.SECURITY_OFF })
	@ExtendWith(OutputCaptureExtension.class)
	class WithoutAnyIdentitySource {

		@LocalServerPort
		int port;

		@Test
		void openAiClientsGet401NamingEveryWayToConfigureAnIdentity(CapturedOutput output) {
			byte[] body = client(port).post().uri("/v1/chat/completions").contentType(MediaType.APPLICATION_JSON)
				.bodyValue(OPENAI_BODY).exchange().expectStatus().isUnauthorized()
				.expectBody().returnResult().getResponseBody();
			JsonNode error = JSON.readTree(body).get("error");
			assertThat(error.get("type").asString()).isEqualTo("authentication_error");
			assertThat(error.get("message").asString()).contains("llm.keys.master-key", "Spring Security",
					"llm.auth.trusted-header.enabled", "llm.keys.enabled=false", "POST /llm/key/generate");
			assertThat(output.getAll()).containsOnlyOnce("LLM routes refuse every request (401)");
		}

		@Test
		void anthropicClientsGet401InTheirProtocol() {
			byte[] body = client(port).post().uri("/v1/messages").contentType(MediaType.APPLICATION_JSON)
				.header("anthropic-version", "2023-06-01")
				.bodyValue("{\"model\":\"gpt-test\",\"max_tokens\":8,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
				.exchange().expectStatus().isUnauthorized().expectBody().returnResult().getResponseBody();
			JsonNode json = JSON.readTree(body);
			assertThat(json.get("type").asString()).isEqualTo("error");
			assertThat(json.get("error").get("type").asString()).isEqualTo("authentication_error");
		}

		@Test
		void aKeyIsRefusedWhenNoMasterKeyOrKeyStoreExists() {
			client(port).post().uri("/v1/chat/completions").contentType(MediaType.APPLICATION_JSON)
				.header("Authorization", "Bearer sk-anything").bodyValue(OPENAI_BODY).exchange()
				.expectStatus().isUnauthorized();
		}
	}

	@Nested
	@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, classes = SecuredApp.class,
			properties = { "spring.config.name=none", "llm.database.enabled=false", "llm.keys.master-key=sk-boss" })
	class WithSpringSecurityAndAMasterKey {

		@LocalServerPort
		int port;

		@BeforeEach
		void answer() {
			provider.behave(Replies.json(200, OpenAiReplies.completion("hello")));
		}

		WebTestClient.ResponseSpec chat(Map<String, String> headers) {
			return client(port).post().uri("/v1/chat/completions").contentType(MediaType.APPLICATION_JSON)
				.headers(h -> headers.forEach(h::add)).bodyValue(OPENAI_BODY).exchange();
		}

		@Test
		void aPrincipalAloneIsAnIdentity() {
			chat(Map.of("Authorization", basic("alice", "alice-pw"))).expectStatus().isOk();
		}

		@Test
		void anInvalidKeyBesideAValidPrincipalIsRefused() {
			chat(Map.of("Authorization", basic("alice", "alice-pw"), "x-api-key", "sk-not-a-key"))
				.expectStatus().isUnauthorized()
				.expectBody().jsonPath("$.error.message").value(m -> assertThat((String) m).contains("Invalid API key"));
		}

		@Test
		void aValidKeyBesideAPrincipalIsAccepted() {
			chat(Map.of("Authorization", basic("alice", "alice-pw"), "x-api-key", "sk-boss")).expectStatus().isOk();
		}

		@Test
		void nothingPresentedIs401NamingTheKeyAndTheLogin() {
			chat(Map.of()).expectStatus().isUnauthorized()
				.expectBody().jsonPath("$.error.message").value(m -> assertThat((String) m)
					.contains("'x-api-key: <key>'", "Spring Security")
					.doesNotContain("llm.keys.enabled=false"));
		}

		static String basic(String user, String password) {
			return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes());
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class SecuredApp {

		@Bean
		SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http) {
			return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
				.httpBasic(withDefaults())
				.authorizeExchange(a -> a.anyExchange().permitAll())
				.build();
		}

		@Bean
		MapReactiveUserDetailsService users() {
			return new MapReactiveUserDetailsService(
					User.withUsername("alice").password("{noop}alice-pw").authorities("TEAM_eng").build());
		}
	}
}
