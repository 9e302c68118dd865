package io.llmgateway.gateway.litellm;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import io.llmgateway.gateway.support.RequiresPostgres;
import io.llmgateway.gateway.support.mock.AnyProtocolProvider;
import io.llmgateway.gateway.support.mock.MockProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Models managed at run time: added, updated and deleted through the API on one instance, observed by a second
 * instance sharing the database (a throw-away PostgreSQL schema) within its poll interval; invalid changes refused.
 */
@RequiresPostgres
class RuntimeModelsGatewayTests {

	static final String MASTER = "sk-runtime-master";

	static final AnyProtocolProvider provider = new AnyProtocolProvider();

	static ThrowAwaySchema schema;

	static LiteLlmGateways.Gateway first;

	static LiteLlmGateways.Gateway second;

	@BeforeAll
	static void start() throws Exception {
		schema = new ThrowAwaySchema();
		Map<String, String> props = new LinkedHashMap<>();
		props.put("OPENAI_API_BASE", provider.base() + "/openai/v1");
		props.put("OPENAI_API_KEY", "sk-openai");
		props.put("DATABASE_URL", schema.liteLlmUrl());
		props.put("llm.database.enabled", "true");
		props.put("llm.litellm.model-poll-interval", "200ms");
		props.put("LITELLM_SALT_KEY", "salt-shared-by-both-instances");
		first = LiteLlmGateways.start(LiteLlmGateways.corpus("runtime.yaml"), props);
		second = LiteLlmGateways.start(LiteLlmGateways.corpus("runtime.yaml"), props);
	}

	@AfterAll
	static void stop() throws Exception {
		second.close();
		first.close();
		schema.close();
		provider.close();
	}

	@Test
	void modelsAddedUpdatedAndDeletedOnOneInstanceServeOnTheOther() throws Exception {
		HttpResponse<String> added = first.post(ModelAdminPaths.NEW, """
				{"model_name": "runtime-gpt",
				 "litellm_params": {"model": "openai/rt-model", "api_base": "%s/openai/v1",
				                    "api_key": "os.environ/OPENAI_API_KEY", "rpm": 100},
				 "model_info": {"id": "rt-1"}}""".formatted(provider.base()), MASTER);
		assertThat(added.statusCode()).as(added.body()).isEqualTo(200);
		assertThat(added.body()).contains("\"model_id\":\"rt-1\"");
		assertThat(first.chat("runtime-gpt", MASTER).statusCode()).isEqualTo(200);
		assertThat(provider.take().body()).contains("\"model\":\"rt-model\"");

		eventually(() -> second.chat("runtime-gpt", MASTER).statusCode() == 200);
		assertThat(provider.take().body()).contains("\"model\":\"rt-model\"");
		String info = second.get(ModelAdminPaths.INFO, MASTER).body();
		assertThat(info).contains("\"model_name\":\"runtime-gpt\"", "\"id\":\"rt-1\"", "\"db_model\":true",
				"\"id\":\"configured-1\"", "\"db_model\":false").doesNotContain("sk-openai");

		HttpResponse<String> updated = first.post(ModelAdminPaths.UPDATE,
				"{\"model_info\":{\"id\":\"rt-1\"},\"litellm_params\":{\"model\":\"openai/rt-model-2\"}}", MASTER);
		assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
		eventually(() -> {
			second.chat("runtime-gpt", MASTER);
			return provider.take().body().contains("\"model\":\"rt-model-2\"");
		});

		HttpResponse<String> deleted = first.post(ModelAdminPaths.DELETE, "{\"id\":\"rt-1\"}", MASTER);
		assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);
		assertThat(first.chat("runtime-gpt", MASTER).statusCode()).isEqualTo(404);
		eventually(() -> second.chat("runtime-gpt", MASTER).statusCode() == 404);
		provider.clear();
		assertThat(second.chat("configured-gpt", MASTER).statusCode()).isEqualTo(200);
	}

	@Test
	void anInvalidModelIsRefusedWithTheReasonAndChangesNothing() throws Exception {
		HttpResponse<String> azure = first.post(ModelAdminPaths.NEW,
				"{\"model_name\":\"bad\",\"litellm_params\":{\"model\":\"azure/my-deployment\",\"api_key\":\"k\"}}",
				MASTER);
		assertThat(azure.statusCode()).isEqualTo(400);
		assertThat(azure.body()).contains("api-base is required for provider 'azure'");
		HttpResponse<String> unknown = first.post(ModelAdminPaths.NEW,
				"{\"model_name\":\"bad\",\"litellm_params\":{\"model\":\"sagemaker/x\"}}", MASTER);
		assertThat(unknown.statusCode()).isEqualTo(400);
		HttpResponse<String> missingEnv = first.post(ModelAdminPaths.NEW, "{\"model_name\":\"bad\",\"litellm_params\":"
				+ "{\"model\":\"openai/x\",\"api_key\":\"os.environ/NOT_SET_ANYWHERE_42\"}}", MASTER);
		assertThat(missingEnv.statusCode()).isEqualTo(400);
		assertThat(missingEnv.body()).contains("NOT_SET_ANYWHERE_42");
		assertThat(first.chat("bad", MASTER).statusCode()).isEqualTo(404);
		HttpResponse<String> configured = first.post(ModelAdminPaths.DELETE, "{\"id\":\"configured-1\"}", MASTER);
		assertThat(configured.statusCode()).isEqualTo(400);
		assertThat(configured.body()).contains("configuration file");
		assertThat(first.post(ModelAdminPaths.NEW, "{}", "sk-not-the-master").statusCode()).isEqualTo(401);
	}

	@Test
	void literalSecretsAreStoredEncryptedWithTheSaltKeyAndServeOnEveryInstance() throws Exception {
		HttpResponse<String> added = first.post(ModelAdminPaths.NEW, "{\"model_name\":\"sealed-gpt\",\"litellm_params\":"
				+ "{\"model\":\"openai/sealed-model\",\"api_base\":\"" + provider.base() + "/openai/v1\","
				+ "\"api_key\":\"sk-literal-secret-123\"},\"model_info\":{\"id\":\"sealed-1\"}}", MASTER);
		assertThat(added.statusCode()).as(added.body()).isEqualTo(200);
		String stored;
		try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test?currentSchema="
				+ schema.name, "postgres", ""); Statement st = c.createStatement();
				ResultSet rs = st.executeQuery("SELECT litellm_params FROM llm_model_deployment WHERE model_id = 'sealed-1'")) {
			assertThat(rs.next()).isTrue();
			stored = rs.getString(1);
		}
		assertThat(stored).doesNotContain("sk-literal-secret-123").contains("\"api_key\":\"enc:v1:");
		provider.clear();
		eventually(() -> second.chat("sealed-gpt", MASTER).statusCode() == 200);
		MockProvider.Received r = provider.take();
		assertThat(r.header("authorization")).isEqualTo("Bearer sk-literal-secret-123");
		assertThat(second.get(ModelAdminPaths.INFO + "?litellm_model_id=sealed-1", MASTER).body())
			.contains("\"id\":\"sealed-1\"").doesNotContain("sk-literal-secret-123").doesNotContain("enc:v1:");
		assertThat(first.post(ModelAdminPaths.DELETE, "{\"id\":\"sealed-1\"}", MASTER).statusCode()).isEqualTo(200);
	}

	private static void eventually(Callable<Boolean> condition) throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (System.nanoTime() < deadline) {
			if (Boolean.TRUE.equals(condition.call())) {
				return;
			}
			Thread.sleep(100);
		}
		throw new AssertionError("the second instance did not see the change within 10 seconds");
	}
}
