package io.llmgateway.gateway.auth;

import java.util.List;
import java.util.Map;

import io.llmgateway.gateway.store.LlmDatabase;
import io.llmgateway.translate.model.LlmException;
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
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.userdetails.MapReactiveUserDetailsService;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.config.Customizer.withDefaults;

/**
 * The admin API over HTTP, with LiteLLM's paths and field names, behind the master key or an admin principal; and
 * the proof that keys are stored and logged only as hashes.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
		"llm.datasource.url=jdbc:h2:mem:key-admin-api;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1",
		"llm.keys.master-key=sk-master-admin-test", "llm.keys.access-groups.fast=gpt-4o-mini,claude-haiku",
		"spring.cloud.gateway.server.webflux.filter.json-to-grpc.enabled=false" })
@ExtendWith(OutputCaptureExtension.class)
class KeyAdminApiTests {

	static final String MASTER = "sk-master-admin-test";

	static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	KeyAuthenticator authenticator;

	@Autowired
	LlmDatabase db;

	WebTestClient http;

	@BeforeEach
	void client() {
		http = WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
	}

	JsonNode call(String method, String path, String bearer, Object body, int status) {
		WebTestClient.RequestBodySpec spec = http.method(org.springframework.http.HttpMethod.valueOf(method)).uri(path);
		if (bearer != null) {
			spec.header(HttpHeaders.AUTHORIZATION, "Bearer " + bearer);
		}
		WebTestClient.RequestHeadersSpec<?> ready = body == null ? spec
				: spec.contentType(MediaType.APPLICATION_JSON).bodyValue(JSON.writeValueAsString(body));
		byte[] bytes = ready.exchange().expectStatus().isEqualTo(status).expectBody().returnResult().getResponseBody();
		return bytes == null ? null : JSON.readTree(bytes);
	}

	JsonNode post(String path, Object body) {
		return call("POST", path, MASTER, body, 200);
	}

	JsonNode get(String path) {
		return call("GET", path, MASTER, null, 200);
	}

	@Test
	void generateAnswersTheKeyOnceAndStoresOnlyItsHash(CapturedOutput output) {
		JsonNode res = post("/llm/key/generate", Map.of("models", List.of("gpt-4o", "fast"), "max_budget", 12.5,
				"budget_duration", "30d", "tpm_limit", 1000, "rpm_limit", 20, "max_parallel_requests", 3, "key_alias",
				"ci-bot", "duration", "7d", "metadata", Map.of("owner", "ci"), "model_tpm_limit",
				Map.of("gpt-4o", 100)));
		String key = res.get("key").asString();
		assertThat(key).startsWith("sk-").hasSizeGreaterThan(40);
		assertThat(res.get("token").asString()).isEqualTo(VirtualKeys.hash(key));
		assertThat(res.get("key_name").asString()).isEqualTo("sk-..." + key.substring(key.length() - 4));
		assertThat(res.get("key_alias").asString()).isEqualTo("ci-bot");
		assertThat(res.get("max_budget").decimalValue()).isEqualByComparingTo("12.5");
		assertThat(res.get("tpm_limit").asLong()).isEqualTo(1000);
		assertThat(res.get("model_tpm_limit").get("gpt-4o").asLong()).isEqualTo(100);
		assertThat(res.get("expires").asString()).isNotBlank();

		// the key works and carries its settings
		var identity = authenticator.authenticate(key).block();
		assertThat(identity.allowedModels()).containsExactlyInAnyOrder("gpt-4o", "gpt-4o-mini", "claude-haiku");
		assertThat(identity.limits().rpm()).isEqualTo(20);
		assertThat(identity.limits().maxParallel()).isEqualTo(3);
		assertThat(identity.budget().maxBudget()).isEqualByComparingTo("12.5");
		assertThat(identity.keyAlias()).isEqualTo("ci-bot");

		// a few more calls that carry the key: self-info, a wrong call
		call("GET", "/llm/key/info", key, null, 200);
		call("POST", "/llm/key/generate", key, Map.of(), 401);
		post("/llm/key/update", Map.of("key", key, "rpm_limit", 21));

		// no row of any table holds the key in clear; the token is there
		List<Map<String, Object>> rows = db.jdbc().queryForList("SELECT * FROM llm_key");
		assertThat(rows.toString()).doesNotContain(key).contains(VirtualKeys.hash(key));
		assertThat(db.jdbc().queryForList("SELECT * FROM llm_team").toString()).doesNotContain(key);
		assertThat(db.jdbc().queryForList("SELECT * FROM llm_user").toString()).doesNotContain(key);
		// nor does any log line (the master key neither)
		assertThat(output.getAll()).doesNotContain(key).doesNotContain(key.substring(3)).doesNotContain(MASTER);
	}

	@Test
	void adminEndpointsNeedTheMasterKeyOrAnAdminPrincipal() {
		JsonNode err = call("POST", "/llm/key/generate", null, Map.of(), 401);
		assertThat(err.get("error").get("message").asString()).contains("master key");
		call("POST", "/llm/key/generate", "sk-wrong", Map.of(), 401);
		call("GET", "/llm/team/list", null, null, 401);

		// HTTP basic principal with ROLE_LLM_ADMIN is an admin; one without is not
		http.get().uri("/llm/team/list").headers(h -> h.setBasicAuth("admin", "admin-pw")).exchange()
			.expectStatus().isOk();
		http.get().uri("/llm/team/list").headers(h -> h.setBasicAuth("bob", "bob-pw")).exchange()
			.expectStatus().isUnauthorized();
	}

	@Test
	void keyLifecycleInfoUpdateListBlockRegenerateDelete() {
		String key = post("/llm/key/generate", Map.of("key_alias", "life", "user_id", "lc-user")).get("key").asString();
		String token = VirtualKeys.hash(key);

		JsonNode info = get("/llm/key/info?key=" + key);
		assertThat(info.get("key").asString()).isEqualTo(token);
		assertThat(info.get("info").get("key_alias").asString()).isEqualTo("life");
		assertThat(get("/llm/key/info?key=" + token).get("info").get("token").asString()).isEqualTo(token);

		// a key may read only itself
		String other = post("/llm/key/generate", Map.of()).get("key").asString();
		call("GET", "/llm/key/info?key=" + token, other, null, 403);
		assertThat(call("GET", "/llm/key/info", key, null, 200).get("info").get("key_alias").asString())
			.isEqualTo("life");

		JsonNode updated = post("/llm/key/update", Map.of("key", key, "tpm_limit", 77, "models", List.of("gpt-4o")));
		assertThat(updated.get("tpm_limit").asLong()).isEqualTo(77);
		assertThat(authenticator.authenticate(key).block().limits().tpm()).isEqualTo(77);
		JsonNode dup = call("POST", "/llm/key/update", MASTER, Map.of("key", other, "key_alias", "life"), 400);
		assertThat(dup.get("error").get("message").asString()).contains("key_alias");
		call("POST", "/llm/key/update", MASTER, Map.of("key", key, "tpm_limit", "many"), 400);
		call("POST", "/llm/key/update", MASTER, Map.of("key", key, "duration", "soon"), 400);

		JsonNode list = get("/llm/key/list?user_id=lc-user");
		assertThat(list.get("total_count").asLong()).isEqualTo(1);
		assertThat(list.get("keys").get(0).asString()).isEqualTo(token);
		JsonNode full = get("/llm/key/list?user_id=lc-user&return_full_object=true");
		assertThat(full.get("keys").get(0).get("key_alias").asString()).isEqualTo("life");

		assertThat(post("/llm/key/block", Map.of("key", key)).get("blocked").asBoolean()).isTrue();
		assertThatThrownBy(() -> authenticator.authenticate(key).block()).isInstanceOf(LlmException.class)
			.hasMessageContaining("blocked");
		assertThat(post("/llm/key/unblock", Map.of("key", key)).get("blocked").asBoolean()).isFalse();
		assertThat(authenticator.authenticate(key).block()).isNotNull();

		JsonNode regen = post("/llm/key/regenerate", Map.of("key", key));
		String fresh = regen.get("key").asString();
		assertThat(fresh).isNotEqualTo(key);
		assertThat(regen.get("key_alias").asString()).isEqualTo("life");
		assertThat(authenticator.authenticate(fresh).block().limits().tpm()).isEqualTo(77);
		assertThatThrownBy(() -> authenticator.authenticate(key).block()).hasMessageContaining("Invalid API key");
		String third = post("/llm/key/" + fresh + "/regenerate", Map.of()).get("key").asString();
		assertThat(authenticator.authenticate(third).block()).isNotNull();

		JsonNode deleted = post("/llm/key/delete", Map.of("keys", List.of(third)));
		assertThat(deleted.get("deleted_keys").get(0).asString()).isEqualTo(VirtualKeys.hash(third));
		call("GET", "/llm/key/info?key=" + third, MASTER, null, 404);
		assertThatThrownBy(() -> authenticator.authenticate(third).block()).hasMessageContaining("Invalid API key");
		call("POST", "/llm/key/delete", MASTER, Map.of("key_aliases", List.of()), 400);
	}

	@Test
	void teamsCarryQuotasTheirKeysInheritAndUsersGetAFirstKey() {
		JsonNode team = post("/llm/team/new", Map.of("team_id", "t-eng", "team_alias", "Engineering", "models",
				List.of("gpt-4o", "claude-haiku"), "max_budget", 100, "budget_duration", "1mo", "tpm_limit", 5000,
				"rpm_limit", 100, "metadata", Map.of("cc", "42")));
		assertThat(team.get("team_id").asString()).isEqualTo("t-eng");
		call("POST", "/llm/team/new", MASTER, Map.of("team_id", "t-eng"), 400);

		JsonNode bad = call("POST", "/llm/key/generate", MASTER, Map.of("team_id", "t-eng", "models", List.of("o3")), 400);
		assertThat(bad.get("error").get("param").asString()).isEqualTo("models");
		String key = post("/llm/key/generate", Map.of("team_id", "t-eng", "tpm_limit", 100)).get("key").asString();
		var id = authenticator.authenticate(key).block();
		assertThat(id.teamId()).isEqualTo("t-eng");
		assertThat(id.allowedModels()).containsExactlyInAnyOrder("gpt-4o", "claude-haiku");
		assertThat(id.limits().tpm()).isEqualTo(100);
		assertThat(id.teamLimits().tpm()).isEqualTo(5000);
		assertThat(id.teamBudget().maxBudget()).isEqualByComparingTo("100");
		assertThat(id.metadata()).containsEntry("cc", "42");

		JsonNode info = get("/llm/team/info?team_id=t-eng");
		assertThat(info.get("team_info").get("team_alias").asString()).isEqualTo("Engineering");
		assertThat(info.get("keys")).hasSize(1);
		assertThat(post("/llm/team/update", Map.of("team_id", "t-eng", "tpm_limit", 6000)).get("tpm_limit").asLong())
			.isEqualTo(6000);
		assertThat(authenticator.authenticate(key).block().teamLimits().tpm()).isEqualTo(6000);
		post("/llm/team/update", Map.of("team_id", "t-eng", "blocked", true));
		assertThatThrownBy(() -> authenticator.authenticate(key).block()).hasMessageContaining("team is blocked");
		assertThat(get("/llm/team/list").findValuesAsString("team_id")).contains("t-eng");

		JsonNode user = post("/llm/user/new", Map.of("user_id", "u-ann", "user_email", "ann@example.com", "max_budget", 5,
				"rpm_limit", 9));
		String userKey = user.get("key").asString();
		assertThat(user.get("user_id").asString()).isEqualTo("u-ann");
		var uid = authenticator.authenticate(userKey).block();
		assertThat(uid.userId()).isEqualTo("u-ann");
		assertThat(uid.userBudget().maxBudget()).isEqualByComparingTo("5");
		assertThat(uid.userLimits().rpm()).isEqualTo(9);
		JsonNode uinfo = get("/llm/user/info?user_id=u-ann");
		assertThat(uinfo.get("user_info").get("user_email").asString()).isEqualTo("ann@example.com");
		assertThat(uinfo.get("keys")).hasSize(1);
		call("GET", "/llm/user/info?user_id=nobody", MASTER, null, 404);

		assertThat(post("/llm/team/delete", Map.of("team_ids", List.of("t-eng"))).get("deleted_teams").get(0).asString())
			.isEqualTo("t-eng");
		assertThatThrownBy(() -> authenticator.authenticate(key).block()).hasMessageContaining("Invalid API key");
		call("GET", "/llm/team/info?team_id=t-eng", MASTER, null, 404);
	}

	@Test
	void userUpdateChangesOnlyTheGivenFieldsAndDeleteRemovesTheUserAndItsKeys() {
		String key = post("/llm/user/new", Map.of("user_id", "u-upd", "user_email", "upd@example.com", "max_budget", 5,
				"rpm_limit", 9, "models", List.of("gpt-4o"))).get("key").asString();
		assertThat(authenticator.authenticate(key).block().userBudget().maxBudget()).isEqualByComparingTo("5");

		JsonNode updated = post("/llm/user/update", Map.of("user_id", "u-upd", "max_budget", 7.5, "budget_duration",
				"30d", "tpm_limit", 1200));
		assertThat(updated.get("max_budget").decimalValue()).isEqualByComparingTo("7.5");
		assertThat(updated.get("budget_duration").asString()).isEqualTo("30d");
		// fields not sent keep their values
		assertThat(updated.get("rpm_limit").asLong()).isEqualTo(9);
		assertThat(updated.get("user_email").asString()).isEqualTo("upd@example.com");
		JsonNode info = get("/llm/user/info?user_id=u-upd").get("user_info");
		assertThat(info.get("max_budget").decimalValue()).isEqualByComparingTo("7.5");
		assertThat(info.get("tpm_limit").asLong()).isEqualTo(1200);
		assertThat(info.get("models").get(0).asString()).isEqualTo("gpt-4o");
		// the cached identity of the user's key sees the change at once
		var id = authenticator.authenticate(key).block();
		assertThat(id.userBudget().maxBudget()).isEqualByComparingTo("7.5");
		assertThat(id.userLimits().tpm()).isEqualTo(1200);
		assertThat(post("/llm/user/update", Map.of("user_id", "u-upd", "max_budget", JSON.nullNode()))
			.get("max_budget").isNull()).isTrue();

		call("POST", "/llm/user/update", MASTER, Map.of("user_id", "nobody"), 404);
		call("POST", "/llm/user/update", MASTER, Map.of("max_budget", 1), 400);
		call("POST", "/llm/user/update", MASTER, Map.of("user_id", "u-upd", "rpm_limit", "many"), 400);
		call("POST", "/llm/user/update", null, Map.of("user_id", "u-upd", "max_budget", 1000), 401);
		call("POST", "/llm/user/delete", key, Map.of("user_ids", List.of("u-upd")), 401);

		JsonNode deleted = post("/llm/user/delete", Map.of("user_ids", List.of("u-upd")));
		assertThat(deleted.get("deleted_users").get(0).asString()).isEqualTo("u-upd");
		call("GET", "/llm/user/info?user_id=u-upd", MASTER, null, 404);
		assertThatThrownBy(() -> authenticator.authenticate(key).block()).hasMessageContaining("Invalid API key");
		call("POST", "/llm/user/delete", MASTER, Map.of("user_ids", List.of("u-upd")), 404);
		call("POST", "/llm/user/delete", MASTER, Map.of(), 400);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

		/** Spring Security authenticates HTTP basic when sent; the admin API itself decides who is admin. */
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
					User.withUsername("admin").password("{noop}admin-pw").authorities("ROLE_LLM_ADMIN").build(),
					User.withUsername("bob").password("{noop}bob-pw").authorities("TEAM_eng").build());
		}
	}
}
