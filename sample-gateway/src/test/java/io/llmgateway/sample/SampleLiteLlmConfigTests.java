package io.llmgateway.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/** The sample runs an unchanged LiteLLM config with LiteLLM's own flag: {@code --config config.yaml}. */
class SampleLiteLlmConfigTests {

	@Test
	void configFlagRunsALiteLlmConfig() throws Exception {
		DemoProvider upstream = DemoProvider.start(0, Duration.ZERO);
		Path config = Files.createTempFile("litellm-config-", ".yaml");
		Files.writeString(config, """
				model_list:
				  - model_name: gpt-4o
				    litellm_params:
				      model: openai/demo-model
				      api_base: http://127.0.0.1:%d/v1
				      api_key: os.environ/SAMPLE_UPSTREAM_KEY
				general_settings:
				  master_key: sk-sample-master
				""".formatted(upstream.port()));
		try (ConfigurableApplicationContext context = SampleGatewayApplication.run("--config", config.toString(),
				"--server.port=0", "--SAMPLE_UPSTREAM_KEY=sk-upstream",
				"--llm.database.path=./target/test-db/litellm-" + System.nanoTime())) {
			int port = context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
			HttpClient http = HttpClient.newHttpClient();
			HttpRequest.Builder chat = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
				.header("content-type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(
						"{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"ping\"}]}"));
			assertThat(http.send(chat.build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
			HttpResponse<String> ok = http.send(chat.header("authorization", "Bearer sk-sample-master").build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(ok.statusCode()).isEqualTo(200);
			assertThat(ok.body()).contains("You said: ping");
			HttpResponse<String> models = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
					+ "/v1/models")).header("authorization", "Bearer sk-sample-master").build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(models.body()).contains("\"id\":\"gpt-4o\"").doesNotContain("gpt-4o-mini", "claude-sonnet");
		}
		finally {
			upstream.stop();
		}
	}
}
