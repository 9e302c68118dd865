package io.llmgateway.sample.e2e;

import java.nio.file.Path;
import java.util.List;

import io.llmgateway.gateway.support.mock.MockProvider.Received;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The harness checked against the clients themselves, without the gateway: Claude Code talks to the Anthropic mock
 * and Codex to the OpenAI mock's Responses API directly, a tool round trip each. When these pass and
 * {@link RealClientsEndToEndTests} fails, the gateway is at fault, not the mocks or a new client version.
 */
class AgentClientsAgainstMockProvidersTests {

	static final AnthropicMock ANTHROPIC = new AnthropicMock();

	static final OpenAiMock OPENAI = new OpenAiMock();

	@TempDir
	Path sandbox;

	// per test, so a skip is reported for each test with its reason (a class-level abort is reported as nothing)
	@BeforeEach
	void clientsInstalled() {
		AgentClients.requireInstalled();
	}

	@AfterAll
	static void stopMocks() {
		ANTHROPIC.close();
		OPENAI.close();
	}

	@Test
	void claudeCodeCompletesABashRoundTripWithTheAnthropicMock() throws Exception {
		String nonce = AgentScript.nonce();
		ClaudeCode.Result result = ClaudeCode.run(ANTHROPIC.baseUrl(), "sk-direct", "claude-direct",
				AgentScript.TOOL_MARKER + ": write the code word " + nonce, sandbox, true);

		assertThat(result.succeeded()).as(result.run().describe()).isTrue();
		assertThat(result.text()).isEqualTo(AgentScript.toolAnswer("anthropic-mock", nonce));
		assertThat(sandbox.resolve("work").resolve(AgentScript.PROOF_FILE)).hasContent(nonce);
		List<Received> sent = ANTHROPIC.received("/v1/messages");
		assertThat(sent).hasSize(2);
		assertThat(sent.get(0).path()).isEqualTo("/v1/messages?beta=true");
		assertThat(sent.get(0).header("authorization")).isEqualTo("Bearer sk-direct");
	}

	@Test
	void codexCompletesAShellRoundTripWithTheOpenAiResponsesMock() throws Exception {
		String nonce = AgentScript.nonce();
		CodexCli.Result result = CodexCli.run(OPENAI.baseUrl(), "sk-direct", "gpt-direct",
				AgentScript.TOOL_MARKER + ": write the code word " + nonce, sandbox, true);

		assertThat(result.succeeded()).as(result.run().describe()).isTrue();
		assertThat(result.lastMessage()).isEqualTo(AgentScript.toolAnswer("openai-mock", nonce));
		assertThat(sandbox.resolve("work").resolve(AgentScript.PROOF_FILE)).hasContent(nonce);
		List<Received> sent = OPENAI.received("/v1/responses");
		assertThat(sent).hasSize(2);
		assertThat(sent.get(0).header("authorization")).isEqualTo("Bearer sk-direct");
	}
}
