package io.llmgateway.sample.e2e;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;

import io.llmgateway.gateway.support.mock.MockProvider.Received;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Claude Code and Codex CLI, unmodified (npm, versions pinned in e2e-clients/package-lock.json), complete tasks
 * through the sample gateway (its routes.example.yml routes and filters) against mock providers of every family on
 * loopback: Anthropic Messages, OpenAI Chat Completions, OpenAI Responses and Gemini. Each test asserts the text the
 * client printed and what the provider received. The clients authenticate with the gateway's master key; providers
 * must only ever see their own keys.
 */
class RealClientsEndToEndTests extends GatewayWithMockProviders {

	@TempDir
	Path sandbox;

	// per test, so a skip is reported for each test with its reason (a class-level abort is reported as nothing)
	@BeforeEach
	void clientsInstalled() {
		AgentClients.requireInstalled();
	}

	// ---- Claude Code (Anthropic Messages in) ----

	@Test
	void claudeCodeAnswersThroughAnAnthropicModel() throws Exception {
		String nonce = AgentScript.nonce();
		ClaudeCode.Result result = claude(ANTHROPIC_ALIAS, "Reply with the code word " + nonce, false);

		assertThat(result.text()).as(result.run().describe()).isEqualTo(AgentScript.answer("anthropic-mock", nonce));
		Received sent = only(ANTHROPIC.received("/v1/messages"));
		assertThat(sent.pathOnly()).isEqualTo("/v1/messages");
		assertThat(sent.header("x-api-key")).isEqualTo(ANTHROPIC_KEY);
		assertThat(sent.header("anthropic-beta")).as("Claude Code's betas reach Anthropic")
			.contains("claude-code-20250219");
		JsonNode body = sent.json();
		assertThat(body.path("model").asString()).isEqualTo("claude-upstream-e2e");
		assertThat(body.path("stream").asBoolean()).isTrue();
		assertThat(roles(body.path("messages"))).as("the mid-conversation system message passes through")
			.startsWith("user", "system");
		assertThat(body.path("thinking").path("type").asString()).isEqualTo("adaptive");
		assertThat(body.path("output_config").path("effort").isString()).isTrue();
		assertThat(body.path("system").isArray()).isTrue();
		assertThat(body.path("messages").get(0).toString()).contains(nonce);
	}

	@Test
	void claudeCodeAnswersThroughAnOpenAiModel() throws Exception {
		String nonce = AgentScript.nonce();
		ClaudeCode.Result result = claude(OPENAI_ALIAS, "Reply with the code word " + nonce, false);

		assertThat(result.text()).as(result.run().describe()).isEqualTo(AgentScript.answer("openai-mock", nonce));
		Received sent = only(OPENAI.received("/v1/chat/completions"));
		assertThat(sent.header("authorization")).isEqualTo("Bearer " + OPENAI_KEY);
		JsonNode body = sent.json();
		assertThat(body.path("model").asString()).isEqualTo("gpt-5-e2e-upstream");
		assertThat(body.path("stream").asBoolean()).isTrue();
		List<String> roles = roles(body.path("messages"));
		int user = roles.indexOf("user");
		assertThat(roles.get(0)).as("the top-level system prompt leads").isIn("system", "developer");
		assertThat(roles.subList(user + 1, roles.size())).as("the mid-conversation system message stays after the user turn")
			.containsAnyOf("system", "developer");
		assertThat(body.path("messages").get(user).toString()).contains(nonce);
		assertThat(toolNames(body.path("tools"), "function")).contains("Bash");
		assertThat(body.has("thinking") || body.has("context_management") || body.has("output_config"))
			.as("Anthropic-only fields never reach OpenAI: " + fieldNames(body)).isFalse();
		assertThat(body.path("reasoning_effort").asString("")).as("output_config.effort of a reasoning model")
			.isIn("low", "medium", "high", "xhigh");
		assertThat(body.path("user").asString("")).as("metadata.user_id becomes the end user").isNotEmpty();
	}

	@Test
	void claudeCodeAnswersThroughAGeminiModel() throws Exception {
		String nonce = AgentScript.nonce();
		ClaudeCode.Result result = claude(GEMINI_ALIAS, "Reply with the code word " + nonce, false);

		assertThat(result.text()).as(result.run().describe()).isEqualTo(AgentScript.answer("gemini-mock", nonce));
		Received sent = only(GEMINI.received(":streamGenerateContent"));
		assertThat(sent.path())
			.isEqualTo("/v1beta/models/gemini-upstream-e2e:streamGenerateContent?alt=sse");
		assertThat(sent.header("x-goog-api-key")).isEqualTo(GEMINI_KEY);
		assertThat(sent.header("authorization")).isNull();
		JsonNode body = sent.json();
		assertThat(body.path("systemInstruction").toString()).as("the system prompt").contains("Claude");
		assertThat(body.path("contents").toString()).contains(nonce);
		assertThat(toolNames(body.path("tools"), null)).contains("Bash");
		assertThat(body.path("generationConfig").has("thinkingConfig")).as("adaptive thinking to Gemini thinking")
			.isTrue();
	}

	@Test
	void claudeCodeRunsItsBashToolThroughAnOpenAiModel() throws Exception {
		String nonce = AgentScript.nonce();
		ClaudeCode.Result result = claude(OPENAI_ALIAS, toolPrompt(nonce), true);

		JsonNode messages = toolRoundTrip(result.text(), result.run(), OPENAI, "/v1/chat/completions", nonce)
			.path("messages");
		JsonNode call = find(messages, m -> m.has("tool_calls")).path("tool_calls").get(0);
		assertThat(call.path("id").asString()).isEqualTo(OpenAiMock.CALL_ID);
		assertThat(call.path("function").path("name").asString()).isEqualTo("Bash");
		JsonNode toolMessage = find(messages, m -> "tool".equals(m.path("role").asString("")));
		assertThat(toolMessage.path("tool_call_id").asString()).isEqualTo(OpenAiMock.CALL_ID);
		assertThat(toolMessage.path("content").toString()).contains(nonce);
	}

	@Test
	void claudeCodeRunsItsBashToolThroughAGeminiModel() throws Exception {
		String nonce = AgentScript.nonce();
		ClaudeCode.Result result = claude(GEMINI_ALIAS, toolPrompt(nonce), true);

		JsonNode contents = toolRoundTrip(result.text(), result.run(), GEMINI, ":streamGenerateContent", nonce)
			.path("contents");
		JsonNode call = part(contents, "functionCall");
		assertThat(call.path("name").asString()).isEqualTo("Bash");
		assertThat(call.path("args").path("command").asString()).isEqualTo(AgentScript.command(nonce));
		JsonNode response = part(contents, "functionResponse");
		assertThat(response.path("name").asString()).isEqualTo("Bash");
		assertThat(response.path("response").toString()).contains(nonce);
	}

	// ---- Codex CLI (OpenAI Responses in) ----

	@Test
	void codexAnswersThroughAnOpenAiModel() throws Exception {
		String nonce = AgentScript.nonce();
		CodexCli.Result result = codex(OPENAI_ALIAS, "Reply with the code word " + nonce, false);

		assertThat(result.lastMessage()).as(result.run().describe()).isEqualTo(AgentScript.answer("openai-mock", nonce));
		Received sent = only(OPENAI.received("/v1/responses"));
		assertThat(sent.header("authorization")).isEqualTo("Bearer " + OPENAI_KEY);
		JsonNode body = sent.json();
		assertThat(body.path("model").asString()).isEqualTo("gpt-5-e2e-upstream");
		assertThat(body.path("stream").asBoolean()).isTrue();
		assertThat(roles(body.path("input"))).as("Codex's developer messages reach OpenAI as they are")
			.startsWith("developer");
		assertThat(body.path("input").toString()).contains(nonce);
		assertThat(toolNames(body.path("tools"), "function")).contains("exec_command");
		assertThat(toolNames(body.path("tools"), "custom")).as("freeform tools pass through natively")
			.contains("apply_patch");
		assertThat(OPENAI.received("/v1/chat/completions")).isEmpty();
	}

	@Test
	void codexAnswersThroughAnAnthropicModel() throws Exception {
		String nonce = AgentScript.nonce();
		CodexCli.Result result = codex(ANTHROPIC_ALIAS, "Reply with the code word " + nonce, false);

		assertThat(result.lastMessage()).as(result.run().describe())
			.isEqualTo(AgentScript.answer("anthropic-mock", nonce));
		Received sent = only(ANTHROPIC.received("/v1/messages"));
		assertThat(sent.header("x-api-key")).isEqualTo(ANTHROPIC_KEY);
		assertThat(sent.header("authorization")).isNull();
		JsonNode body = sent.json();
		assertThat(body.path("model").asString()).isEqualTo("claude-upstream-e2e");
		assertThat(body.path("max_tokens").asInt()).isPositive();
		assertThat(body.path("system").toString()).as("Codex's developer instructions become the system prompt")
			.contains("Codex");
		assertThat(roles(body.path("messages"))).doesNotContain("developer");
		assertThat(body.path("messages").toString()).contains(nonce);
		assertThat(toolNames(body.path("tools"), null)).contains("exec_command");
	}

	@Test
	void codexRunsItsShellToolThroughAnAnthropicModel() throws Exception {
		String nonce = AgentScript.nonce();
		CodexCli.Result result = codex(ANTHROPIC_ALIAS, toolPrompt(nonce), true);

		JsonNode messages = toolRoundTrip(result.lastMessage(), result.run(), ANTHROPIC, "/v1/messages", nonce)
			.path("messages");
		JsonNode toolUse = block(messages, "tool_use");
		assertThat(toolUse.path("id").asString()).isEqualTo(AnthropicMock.TOOL_USE_ID);
		assertThat(toolUse.path("name").asString()).isEqualTo("exec_command");
		JsonNode toolResult = block(messages, "tool_result");
		assertThat(toolResult.path("tool_use_id").asString()).isEqualTo(AnthropicMock.TOOL_USE_ID);
		assertThat(toolResult.toString()).contains(nonce);
	}

	@Test
	void codexAnswersThroughAGeminiModel() throws Exception {
		String nonce = AgentScript.nonce();
		CodexCli.Result result = codex(GEMINI_ALIAS, "Reply with the code word " + nonce, false);

		assertThat(result.lastMessage()).as(result.run().describe()).isEqualTo(AgentScript.answer("gemini-mock", nonce));
		Received sent = only(GEMINI.received(":streamGenerateContent"));
		assertThat(sent.header("x-goog-api-key")).isEqualTo(GEMINI_KEY);
		JsonNode body = sent.json();
		assertThat(body.path("systemInstruction").toString()).as("Codex's developer instructions").contains("Codex");
		assertThat(body.path("contents").toString()).contains(nonce);
		assertThat(toolNames(body.path("tools"), null)).contains("exec_command");
	}

	@Test
	void codexRunsItsShellToolThroughAnOpenAiModel() throws Exception {
		String nonce = AgentScript.nonce();
		CodexCli.Result result = codex(OPENAI_ALIAS, toolPrompt(nonce), true);

		JsonNode input = toolRoundTrip(result.lastMessage(), result.run(), OPENAI, "/v1/responses", nonce).path("input");
		JsonNode call = find(input, i -> "function_call".equals(i.path("type").asString("")));
		assertThat(call.path("call_id").asString()).isEqualTo(OpenAiMock.CALL_ID);
		JsonNode output = find(input, i -> "function_call_output".equals(i.path("type").asString("")));
		assertThat(output.path("call_id").asString()).isEqualTo(OpenAiMock.CALL_ID);
		assertThat(output.path("output").toString()).contains(nonce);
	}

	@Test
	void codexRunsItsShellToolThroughAGeminiModel() throws Exception {
		String nonce = AgentScript.nonce();
		CodexCli.Result result = codex(GEMINI_ALIAS, toolPrompt(nonce), true);

		JsonNode contents = toolRoundTrip(result.lastMessage(), result.run(), GEMINI, ":streamGenerateContent", nonce)
			.path("contents");
		assertThat(part(contents, "functionCall").path("name").asString()).isEqualTo("exec_command");
		assertThat(part(contents, "functionResponse").toString()).contains(nonce);
	}

	// ---- helpers ----

	private static String toolPrompt(String nonce) {
		return AgentScript.TOOL_MARKER + ": write the code word " + nonce;
	}

	/**
	 * Asserts a finished tool round trip: the client printed what the mock read in the tool result, the command ran
	 * in the client's working directory, and the mock saw two requests. Returns the second (the one carrying the tool
	 * call and its result).
	 */
	private JsonNode toolRoundTrip(String printed, AgentClients.Run run, FamilyMock mock, String pathSuffix,
			String nonce) {
		assertThat(printed).as(run.describe()).isEqualTo(AgentScript.toolAnswer(mock.family(), nonce));
		assertThat(sandbox.resolve("work").resolve(AgentScript.PROOF_FILE)).hasContent(nonce);
		List<Received> sent = mock.received(pathSuffix);
		assertThat(sent).as("requests the provider received").hasSize(2);
		return sent.get(1).json();
	}

	private ClaudeCode.Result claude(String model, String prompt, boolean allowBash) throws Exception {
		ClaudeCode.Result result = ClaudeCode.run(gateway(), MASTER_KEY, model, prompt, sandbox, allowBash);
		assertThat(result.succeeded()).as(result.run().describe()).isTrue();
		return result;
	}

	private CodexCli.Result codex(String model, String prompt, boolean runCommands) throws Exception {
		CodexCli.Result result = CodexCli.run(gateway(), MASTER_KEY, model, prompt, sandbox, runCommands);
		assertThat(result.succeeded()).as(result.run().describe()).isTrue();
		return result;
	}

	private static List<String> roles(JsonNode items) {
		List<String> roles = new ArrayList<>();
		items.forEach(m -> {
			if (m.has("role")) {
				roles.add(m.path("role").asString());
			}
		});
		return roles;
	}

	/** Names of the tools of a type (null: any), whether written as OpenAI, Anthropic or Gemini tools. */
	private static List<String> toolNames(JsonNode tools, String type) {
		List<String> names = new ArrayList<>();
		tools.forEach(t -> {
			if (type != null && !type.equals(t.path("type").asString(""))) {
				return;
			}
			if (t.has("functionDeclarations")) {
				t.path("functionDeclarations").forEach(f -> names.add(f.path("name").asString()));
			}
			else if (t.has("function")) {
				names.add(t.path("function").path("name").asString());
			}
			else {
				names.add(t.path("name").asString(""));
			}
		});
		return names;
	}

	private static List<String> fieldNames(JsonNode node) {
		return StreamSupport.stream(node.propertyNames().spliterator(), false).toList();
	}

	private static JsonNode find(JsonNode items, java.util.function.Predicate<JsonNode> test) {
		for (JsonNode item : items) {
			if (test.test(item)) {
				return item;
			}
		}
		throw new AssertionError("no matching item in " + items);
	}

	/** The first part holding a key (functionCall, functionResponse) in Gemini contents. */
	private static JsonNode part(JsonNode contents, String key) {
		for (JsonNode c : contents) {
			for (JsonNode p : c.path("parts")) {
				if (p.has(key)) {
					return p.path(key);
				}
			}
		}
		throw new AssertionError("no " + key + " part in " + contents);
	}

	/** The first content block of a type in Anthropic messages. */
	private static JsonNode block(JsonNode messages, String type) {
		for (JsonNode m : messages) {
			for (JsonNode b : m.path("content")) {
				if (type.equals(b.path("type").asString(""))) {
					return b;
				}
			}
		}
		throw new AssertionError("no " + type + " block in " + messages);
	}
}
