package io.llmgateway.gateway.translate;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import io.llmgateway.gateway.support.mock.MockProvider;
import io.llmgateway.gateway.support.mock.Replies;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replays real Claude Code requests (captured from Claude Code 2.1.x against a gateway, in
 * {@code src/test/resources/captures/claude/}: method, path with {@code ?beta=true}, headers, body) through the
 * gateway, with the model replaced by an alias, to an Anthropic, an OpenAI-compatible and a Gemini mock provider that
 * validate what they receive. Each must stream back 200; the Anthropic provider must receive the captured body
 * unchanged but for the model, with the captured {@code anthropic-beta} list.
 */
class ClaudeCodeCaptureReplayTests extends TranslationGatewayTestBase {

	private static final String[] CAPTURES = { "01-say-hi-default-model.json", "02-say-hi-alias-model.json",
			"03-bash-tool-turn1.json", "04-bash-tool-turn2-tool-result.json", "05-say-hi-api-key-auth.json",
			"06-disable-experimental-betas.json" };

	/** Headers the HTTP client sets itself or that name the capturing gateway's own key. */
	private static final Set<String> NOT_REPLAYED = Set.of("host", "content-length", "connection", "accept-encoding",
			"authorization", "x-api-key");

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	static Stream<Arguments> replays() {
		return Stream.of(CAPTURES)
			.flatMap(c -> Stream.of(Arguments.of(c, "via-anthropic"), Arguments.of(c, "via-openai"),
					Arguments.of(c, "via-gemini")));
	}

	@ParameterizedTest(name = "{0} to {1}")
	@MethodSource("replays")
	void capturedClaudeCodeRequestIsAnswered(String capture, String alias) throws Exception {
		JsonNode recorded = read(capture);
		ObjectNode body = (ObjectNode) recorded.get("body").deepCopy();
		body.put("model", alias);
		MockProvider provider = switch (alias) {
			case "via-anthropic" -> anthropic;
			case "via-openai" -> openai;
			default -> gemini;
		};
		provider.behave(switch (alias) {
			case "via-anthropic" -> Replies.sseFrames(ProviderScripts.anthropicStream(false, "Hi", "!"));
			case "via-openai" -> Replies.sseFrames(ProviderScripts.openAiStream(false, "Hi", "!"));
			default -> Replies.sseFrames(ProviderScripts.geminiStream(false, "Hi", "!"));
		});

		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + recorded.get("path").asString()))
			.timeout(Duration.ofSeconds(20))
			.POST(HttpRequest.BodyPublishers.ofByteArray(MockProvider.JSON.writeValueAsBytes(body)));
		for (Map.Entry<String, JsonNode> h : recorded.get("headers").properties()) {
			if (!NOT_REPLAYED.contains(h.getKey().toLowerCase())) {
				request.header(h.getKey(), h.getValue().asString());
			}
		}
		HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(response.headers().firstValue("content-type").orElse("")).startsWith("text/event-stream");
		assertThat(response.body()).contains("event: message_start", "\"text\":\"Hi\"", "event: message_stop");
		MockProvider.Received received = provider.take();
		JsonNode sent = recorded.get("body");
		switch (alias) {
			case "via-anthropic" -> {
				ObjectNode expected = (ObjectNode) sent.deepCopy();
				expected.put("model", "claude-test");
				assertThat(received.json()).isEqualTo(expected);
				assertThat(received.headers().get("anthropic-beta"))
					.isEqualTo(recorded.at("/headers/anthropic-beta").asString());
			}
			case "via-openai" -> {
				assertThat(received.json().at("/messages/0/role").asString()).isEqualTo("system");
				// Claude Code's system message after the first user turn stays there
				int systemAt = indexOfRole(sent.get("messages"), "system");
				assertThat(received.json().at("/messages/" + (systemAt + 1) + "/role").asString()).isEqualTo("system");
				assertThat(received.json().get("tools")).hasSize(sent.get("tools").size());
				// every capture carries cache breakpoints, which OpenAI has no field for
				assertThat(response.headers().firstValue("x-llm-dropped-params").orElse("")).contains("cache_control");
			}
			default -> {
				assertThat(received.json().at("/systemInstruction/parts/0/text").asString()).isNotEmpty();
				boolean omitted = "omitted".equals(sent.at("/thinking/display").asString(""));
				assertThat(received.json().at("/generationConfig/thinkingConfig/includeThoughts").asBoolean())
					.isEqualTo(!omitted);
			}
		}
	}

	private static int indexOfRole(JsonNode messages, String role) {
		for (int i = 0; i < messages.size(); i++) {
			if (role.equals(messages.get(i).path("role").asString(""))) {
				return i;
			}
		}
		throw new AssertionError("no " + role + " message in the capture");
	}

	private static JsonNode read(String capture) throws IOException {
		try (InputStream in = ClaudeCodeCaptureReplayTests.class.getResourceAsStream("/captures/claude/" + capture)) {
			assertThat(in).as(capture).isNotNull();
			return MockProvider.JSON.readTree(in);
		}
	}
}
