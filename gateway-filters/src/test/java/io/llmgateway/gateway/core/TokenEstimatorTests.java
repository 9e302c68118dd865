package io.llmgateway.gateway.core;

import java.util.List;

import io.llmgateway.translate.model.ChatRequest;
import io.llmgateway.translate.model.ContentPart;
import io.llmgateway.translate.model.Message;
import io.llmgateway.translate.model.Role;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TokenEstimatorTests {

	private static final TokenEstimator ESTIMATOR = TokenEstimator.standard();

	@Test
	void openAiModelsAreCountedWithTheirTokenizer() {
		// "Hello world" is 2 tokens in both cl100k and o200k
		assertThat(ESTIMATOR.count("Hello world", "gpt-4o-mini")).isEqualTo(2);
		assertThat(ESTIMATOR.count("Hello world", "gpt-3.5-turbo")).isEqualTo(2);
		assertThat(ESTIMATOR.isExact("azure/gpt-4.1")).isTrue();
		assertThat(ESTIMATOR.isExact("o3-mini")).isTrue();
		// one message: 3 (reply priming) + 3 (message) + 2 (text)
		ChatRequest hello = new ChatRequest().model("gpt-4o");
		hello.messages().add(new Message(Role.USER, List.of(new ContentPart.Text("Hello world")), null));
		assertThat(ESTIMATOR.estimatePrompt(hello, "gpt-4o")).isEqualTo(8);
		assertThat(ESTIMATOR).isInstanceOf(JtokkitTokenEstimator.class);
	}

	@Test
	void withoutTheTokenizerEveryModelIsEstimatedFromCharactersWithTheChatOverhead() {
		TokenEstimator heuristic = new HeuristicTokenEstimator();
		assertThat(heuristic.isExact("gpt-4o")).isFalse();
		assertThat(heuristic.count("Hello world", "gpt-4o")).isEqualTo(3);
		ChatRequest hello = new ChatRequest().model("gpt-4o");
		hello.messages().add(new Message(Role.USER, List.of(new ContentPart.Text("Hello world")), "ann"));
		// priming 3 + message 3 + ceil(11 / 4) + name 1 + ceil(3 / 4)
		assertThat(heuristic.estimatePrompt(hello, "gpt-4o")).isEqualTo(3 + 3 + 3 + 1 + 1);
	}

	@Test
	void otherModelsUseCharactersPerToken() {
		assertThat(ESTIMATOR.isExact("claude-sonnet-4-5")).isFalse();
		assertThat(ESTIMATOR.count("x".repeat(10), "claude-sonnet-4-5")).isEqualTo(3);
		assertThat(TokenEstimator.standard(2.0, 100).count("x".repeat(10), "gemini-2.5-pro")).isEqualTo(5);
	}

	@Test
	void systemToolsImagesAndToolCallsCount() {
		ChatRequest r = new ChatRequest().model("claude");
		r.system().add(new ContentPart.Text("x".repeat(40)));
		r.messages().add(new Message(Role.USER,
				List.of(new ContentPart.Text("y".repeat(8)), new ContentPart.Image("image/png", "AAAA", null, null)),
				null));
		r.messages().add(new Message(Role.ASSISTANT, List.of(new ContentPart.ToolCall("c1", "getw", "{\"a\":1}")),
				null));
		long tokens = TokenEstimator.standard(4.0, 100).estimatePrompt(r, "claude");
		// priming 3 + system (3 + 10) + user (3 + 2 + 100) + assistant (3 + 1 + 2)
		assertThat(tokens).isEqualTo(3 + 13 + 105 + 6);
	}

	@Test
	void expectedOutputIsMaxTokensTimesChoicesOrTheDefault() {
		assertThat(TokenEstimator.expectedOutput(new ChatRequest().maxTokens(100).n(3), 256)).isEqualTo(300);
		assertThat(TokenEstimator.expectedOutput(new ChatRequest(), 256)).isEqualTo(256);
	}
}
