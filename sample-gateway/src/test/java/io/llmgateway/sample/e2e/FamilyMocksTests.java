package io.llmgateway.sample.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.llmgateway.gateway.support.mock.MockProvider.Received;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rules of the family mocks that the end-to-end tests rely on but that a passing client run would not show
 * broken: rejections, counts, and the exact stream shapes, checked directly against each mock.
 */
class FamilyMocksTests {

	static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	static final AnthropicMock ANTHROPIC = new AnthropicMock();

	static final OpenAiMock OPENAI = new OpenAiMock();

	static final GeminiMock GEMINI = new GeminiMock();

	@BeforeEach
	void resetMocks() {
		ANTHROPIC.reset();
		OPENAI.reset();
		GEMINI.reset();
	}

	@AfterAll
	static void stopMocks() {
		ANTHROPIC.close();
		OPENAI.close();
		GEMINI.close();
	}

	@Test
	void aPostWithoutAJsonBodyIsRecordedAndAnswered400() throws Exception {
		for (FamilyMock mock : List.of(ANTHROPIC, OPENAI, GEMINI)) {
			HttpResponse<String> response = post(mock, "/v1/messages", "not json");

			assertThat(response.statusCode()).as(mock.family()).isEqualTo(400);
			assertThat(json(response).path("error").path("message").asString()).contains("expects a JSON body");
			assertThat(mock.received()).singleElement().satisfies(r -> assertThat(r.body()).isEqualTo("not json"));
		}
	}

	@Test
	void aPathTheFamilyDoesNotServeIsAnswered404() throws Exception {
		assertThat(post(ANTHROPIC, "/v1/chat/completions", "{}").statusCode()).isEqualTo(404);
		assertThat(post(OPENAI, "/v1/messages", "{}").statusCode()).isEqualTo(404);
		assertThat(post(GEMINI, "/v1/models/g:generateContent", "{}").statusCode()).isEqualTo(404);
	}

	@Test
	void theRecordKeepsMethodPathWithQueryHeadersAnyCaseAndBothBodies() throws Exception {
		post(ANTHROPIC, "/v1/messages?beta=true", "{\"model\":\"m\",\"messages\":[]}");

		Received sent = ANTHROPIC.received().get(0);
		assertThat(sent.method()).isEqualTo("POST");
		assertThat(sent.path()).isEqualTo("/v1/messages?beta=true");
		assertThat(sent.pathOnly()).isEqualTo("/v1/messages");
		assertThat(sent.header("X-Test-Header")).isEqualTo("family-mocks");
		assertThat(sent.body()).isEqualTo("{\"model\":\"m\",\"messages\":[]}");
		assertThat(sent.json().path("model").asString()).isEqualTo("m");
		ANTHROPIC.reset();
		assertThat(ANTHROPIC.received()).isEmpty();
	}

	@Test
	void anthropicCountsFortyTwoAndStreamsNamedEvents() throws Exception {
		HttpResponse<String> count = post(ANTHROPIC, "/v1/messages/count_tokens", "{\"messages\":[]}");
		HttpResponse<String> stream = post(ANTHROPIC, "/v1/messages",
				"{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"NONCE-0000abcd\"}]}");

		assertThat(json(count).path("input_tokens").asInt()).isEqualTo(AnthropicMock.COUNT);
		assertThat(stream.headers().firstValue("content-type")).hasValueSatisfying(
				type -> assertThat(type).startsWith("text/event-stream"));
		assertThat(eventNames(stream.body())).containsExactly("message_start", "content_block_start",
				"content_block_delta", "content_block_stop", "message_delta", "message_stop");
		assertThat(stream.body()).contains(AgentScript.answer("anthropic-mock", "NONCE-0000abcd"));
	}

	@Test
	void aChatCompletionStreamEndsWithAUsageChunkThenDone() throws Exception {
		HttpResponse<String> stream = post(OPENAI, "/v1/chat/completions",
				"{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

		List<String> data = dataLines(stream.body());
		assertThat(eventNames(stream.body())).isEmpty();
		assertThat(data.get(data.size() - 1)).isEqualTo("[DONE]");
		JsonNode usageChunk = FamilyMock.JSON.readTree(data.get(data.size() - 2));
		assertThat(usageChunk.path("choices").isEmpty()).isTrue();
		assertThat(usageChunk.path("usage").path("total_tokens").asInt()).isEqualTo(32);
	}

	@Test
	void aResponsesStreamNumbersItsEventsInOrder() throws Exception {
		HttpResponse<String> stream = post(OPENAI, "/v1/responses",
				"{\"model\":\"m\",\"stream\":true,\"input\":\"" + AgentScript.TOOL_MARKER + " NONCE-0000abcd\","
						+ "\"tools\":[{\"type\":\"function\",\"name\":\"shell\"}]}");

		List<String> names = eventNames(stream.body());
		assertThat(names).containsExactly("response.created", "response.output_item.added",
				"response.function_call_arguments.delta", "response.function_call_arguments.done",
				"response.output_item.done", "response.completed");
		List<String> data = dataLines(stream.body());
		for (int i = 0; i < data.size(); i++) {
			JsonNode event = FamilyMock.JSON.readTree(data.get(i));
			assertThat(event.path("type").asString()).isEqualTo(names.get(i));
			assertThat(event.path("sequence_number").asInt(-1)).isEqualTo(i);
		}
	}

	@Test
	void geminiStreamsOnlyWithAltSseAndCountsOnlyAWrappedRequest() throws Exception {
		String request = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}]}";

		assertThat(post(GEMINI, "/v1beta/models/g:streamGenerateContent", request).statusCode()).isEqualTo(400);
		HttpResponse<String> stream = post(GEMINI, "/v1beta/models/g:streamGenerateContent?alt=sse", request);
		assertThat(stream.statusCode()).isEqualTo(200);
		assertThat(dataLines(stream.body())).hasSize(1);
		assertThat(post(GEMINI, "/v1beta/models/g:countTokens", request).statusCode()).isEqualTo(400);
		HttpResponse<String> count = post(GEMINI, "/v1beta/models/g:countTokens",
				"{\"generateContentRequest\":" + request + "}");
		assertThat(json(count).path("totalTokens").asInt()).isEqualTo(GeminiMock.COUNT);
	}

	private static HttpResponse<String> post(FamilyMock mock, String path, String body) throws Exception {
		return HTTP.send(HttpRequest.newBuilder(URI.create(mock.baseUrl() + path))
			.timeout(Duration.ofSeconds(10))
			.header("content-type", "application/json")
			.header("x-test-header", "family-mocks")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static JsonNode json(HttpResponse<String> response) {
		return FamilyMock.JSON.readTree(response.body());
	}

	private static List<String> eventNames(String sse) {
		return lines(sse, "event: ");
	}

	private static List<String> dataLines(String sse) {
		return lines(sse, "data: ");
	}

	private static List<String> lines(String sse, String prefix) {
		List<String> out = new ArrayList<>();
		for (String line : sse.split("\n")) {
			if (line.startsWith(prefix)) {
				out.add(line.substring(prefix.length()));
			}
		}
		return out;
	}
}
