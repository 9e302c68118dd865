package io.llmgateway.sample;

import java.time.Duration;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/** The sample gateway as the README runs it: demo profile, routes from routes.example.yml, the OpenAI SDK. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "llm.database.path=./target/test-db/llm-${random.uuid}",
				"llm.spend.journal.directory=./target/test-journal/${random.uuid}", "llm.demo.chunk-delay=0s" })
@ActiveProfiles("demo")
class SampleGatewayDemoTests {

	@LocalServerPort
	int port;

	private OpenAIClient client() {
		return OpenAIOkHttpClient.builder()
			.baseUrl("http://127.0.0.1:" + port + "/v1")
			.apiKey("anything")
			.maxRetries(0)
			.timeout(Duration.ofSeconds(20))
			.build();
	}

	@Test
	void demoModelAnswersPlainAndStreamed() {
		ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
			.model("demo")
			.addUserMessage("ping")
			.build();

		ChatCompletion plain = client().chat().completions().create(params);
		assertThat(plain.choices().get(0).message().content()).contains("Hello from the demo model! You said: ping");

		ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
		try (StreamResponse<ChatCompletionChunk> stream = client().chat().completions().createStreaming(params)) {
			stream.stream().forEach(accumulator::accumulate);
		}
		assertThat(accumulator.chatCompletion().choices().get(0).message().content())
			.contains("Hello from the demo model! You said: ping");
	}

	@Test
	void modelsListsTheDemoAlias() {
		assertThat(client().models().list().data()).extracting(m -> m.id()).containsExactly("demo");
	}

	@Test
	void anthropicRoutesTakeClaudeCodesShapeAndCountTokens() throws Exception {
		java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
		String messages = "[{\"role\":\"user\",\"content\":\"ping\"},"
				+ "{\"role\":\"system\",\"content\":[{\"type\":\"text\",\"text\":\"Plan mode is on.\"}]}]";
		java.net.http.HttpResponse<String> message = http.send(anthropic("/v1/messages?beta=true",
				"{\"model\":\"demo\",\"max_tokens\":64,\"thinking\":{\"type\":\"adaptive\",\"display\":\"omitted\"},"
						+ "\"output_config\":{\"effort\":\"high\"},\"context_management\":{\"edits\":[]},"
						+ "\"messages\":" + messages + "}"),
				java.net.http.HttpResponse.BodyHandlers.ofString());
		assertThat(message.statusCode()).as(message.body()).isEqualTo(200);
		assertThat(message.body()).contains("You said: ping");
		assertThat(message.headers().firstValue("x-llm-dropped-params").orElse("")).contains("context_management");

		java.net.http.HttpResponse<String> count = http.send(anthropic("/v1/messages/count_tokens?beta=true",
				"{\"model\":\"demo\",\"messages\":" + messages + "}"), java.net.http.HttpResponse.BodyHandlers.ofString());
		assertThat(count.statusCode()).as(count.body()).isEqualTo(200);
		assertThat(count.body()).matches("\\{\"input_tokens\":[1-9][0-9]*}");
	}

	private java.net.http.HttpRequest anthropic(String path, String body) {
		return java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + path))
			.header("content-type", "application/json")
			.header("anthropic-version", "2023-06-01")
			.header("x-api-key", "anything")
			.POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))
			.build();
	}
}
