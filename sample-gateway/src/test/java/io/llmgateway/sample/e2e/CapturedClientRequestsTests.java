package io.llmgateway.sample.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The requests Claude Code and Codex CLI really sent (captured, test resources {@code captures/}) replayed against
 * the sample gateway, to every provider family: no Node.js needed, so this runs wherever the build runs. Each
 * answer must be a 200 stream in the client's protocol carrying the mock provider's text.
 */
class CapturedClientRequestsTests extends GatewayWithMockProviders {

	static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	static Stream<Arguments> capturesAndModels() {
		List<String> captures = List.of("claude/01-say-hi-default-model.json", "claude/04-bash-tool-turn2-tool-result.json",
				"claude/06-disable-experimental-betas.json", "codex/01-say-hi.json",
				"codex/03-exec-tool-turn2-tool-output.json", "codex/04-say-hi-unknown-model.json");
		List<Arguments> all = new ArrayList<>();
		for (String capture : captures) {
			for (String alias : List.of(ANTHROPIC_ALIAS, OPENAI_ALIAS, GEMINI_ALIAS)) {
				all.add(Arguments.of(capture, alias));
			}
		}
		return all.stream();
	}

	@ParameterizedTest(name = "{0} to {1}")
	@MethodSource("capturesAndModels")
	void aCapturedClientRequestIsAnsweredByEveryProviderFamily(String capture, String alias) throws Exception {
		JsonNode recorded = read("/captures/" + capture);
		ObjectNode body = (ObjectNode) recorded.path("body").deepCopy();
		body.put("model", alias);
		boolean claude = capture.startsWith("claude/");
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
				+ recorded.path("path").asString()))
			.timeout(Duration.ofSeconds(30))
			.header("content-type", "application/json")
			.header("authorization", "Bearer " + MASTER_KEY)
			.POST(HttpRequest.BodyPublishers.ofString(FamilyMock.JSON.writeValueAsString(body)));
		if (claude) {
			for (String name : List.of("anthropic-version", "anthropic-beta", "x-app")) {
				String value = recorded.path("headers").path(name).asString(null);
				if (value != null) {
					request.header(name, value);
				}
			}
		}
		HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());

		FamilyMock mock = switch (alias) {
			case ANTHROPIC_ALIAS -> ANTHROPIC;
			case OPENAI_ALIAS -> OPENAI;
			default -> GEMINI;
		};
		boolean toolTurn = capture.contains("turn2");
		String expected = toolTurn ? AgentScript.toolAnswer(mock.family(), "no nonce")
				: AgentScript.answer(mock.family(), "no nonce");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
				type -> assertThat(type).startsWith("text/event-stream"));
		assertThat(response.body()).contains(expected)
			.contains(claude ? "event: message_stop" : "event: response.completed");
		assertThat(mock.received()).hasSize(1);
	}

	@ParameterizedTest(name = "count_tokens to {0}")
	@ValueSource(strings = { ANTHROPIC_ALIAS, OPENAI_ALIAS, GEMINI_ALIAS })
	void claudeCodesConversationIsCountedForEveryProviderFamily(String alias) throws Exception {
		JsonNode recorded = read("/captures/claude/04-bash-tool-turn2-tool-result.json");
		ObjectNode body = FamilyMock.JSON.createObjectNode().put("model", alias);
		for (String field : List.of("messages", "system", "tools", "thinking")) {
			body.set(field, recorded.path("body").path(field));
		}
		HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
				+ "/v1/messages/count_tokens?beta=true"))
			.timeout(Duration.ofSeconds(30))
			.header("content-type", "application/json")
			.header("anthropic-version", "2023-06-01")
			.header("authorization", "Bearer " + MASTER_KEY)
			.POST(HttpRequest.BodyPublishers.ofString(FamilyMock.JSON.writeValueAsString(body)))
			.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		long count = FamilyMock.JSON.readTree(response.body()).path("input_tokens").asLong(-1);
		switch (alias) {
			case ANTHROPIC_ALIAS -> {
				assertThat(count).as("Anthropic's own count").isEqualTo(AnthropicMock.COUNT);
				assertThat(only(ANTHROPIC.received("/v1/messages/count_tokens")).header("x-api-key"))
					.isEqualTo(ANTHROPIC_KEY);
			}
			case GEMINI_ALIAS -> {
				assertThat(count).as("Gemini's own count").isEqualTo(GeminiMock.COUNT);
				assertThat(only(GEMINI.received(":countTokens")).header("x-goog-api-key")).isEqualTo(GEMINI_KEY);
			}
			default -> {
				assertThat(count).as("counted locally: the conversation is far above a hundred tokens").isGreaterThan(100);
				assertThat(OPENAI.received()).isEmpty();
			}
		}
	}

	private static JsonNode read(String resource) throws IOException {
		try (InputStream in = CapturedClientRequestsTests.class.getResourceAsStream(resource)) {
			assertThat(in).as(resource).isNotNull();
			return FamilyMock.JSON.readTree(in);
		}
	}
}
