package io.llmgateway.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/** The sample gateway serves the LLM meters at /actuator/prometheus (same context as SampleGatewayDemoTests). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "llm.database.path=./target/test-db/llm-${random.uuid}",
				"llm.spend.journal.directory=./target/test-journal/${random.uuid}", "llm.demo.chunk-delay=0s" })
@ActiveProfiles("demo")
class SamplePrometheusTests {

	@LocalServerPort
	int port;

	@Test
	void prometheusScrapeHasTheLlmMeters() throws Exception {
		OpenAIOkHttpClient.builder()
			.baseUrl("http://127.0.0.1:" + port + "/v1")
			.apiKey("anything")
			.maxRetries(0)
			.timeout(Duration.ofSeconds(20))
			.build()
			.chat()
			.completions()
			.create(ChatCompletionCreateParams.builder().model("demo").addUserMessage("ping").build());

		HttpResponse<String> scrape = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus")).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(scrape.statusCode()).isEqualTo(200);
		assertThat(scrape.body()).contains("llm_requests_total{")
			.contains("gen_ai_client_operation_duration_seconds_bucket{")
			.contains("gen_ai_client_token_usage_sum{")
			.contains("llm_gateway_overhead_seconds_count{")
			.contains("gen_ai_request_model=\"demo\"")
			.contains("application=\"llm-gateway-sample\"");
	}
}
