package io.llmgateway.sample.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * Claude Code in print mode ({@code claude -p "..." --output-format json}) pointed at the gateway the way
 * docs/clients.md tells users to: ANTHROPIC_BASE_URL, the gateway key as ANTHROPIC_AUTH_TOKEN, and the gateway's
 * alias in every model slot.
 */
final class ClaudeCode {

	private ClaudeCode() {
	}

	/** The client's run and its JSON result ({@code result} is the final text). */
	record Result(AgentClients.Run run, JsonNode json) {

		String text() {
			return json == null ? null : json.path("result").asString(null);
		}

		boolean succeeded() {
			return run.exitCode() == 0 && json != null && !json.path("is_error").asBoolean(true);
		}
	}

	static Map<String, String> environment(String gatewayUrl, String gatewayKey, String model, Path home) {
		Map<String, String> env = new HashMap<>();
		env.put("HOME", home.toString());
		env.put("ANTHROPIC_BASE_URL", gatewayUrl);
		env.put("ANTHROPIC_AUTH_TOKEN", gatewayKey);
		env.put("ANTHROPIC_MODEL", model);
		env.put("ANTHROPIC_DEFAULT_OPUS_MODEL", model);
		env.put("ANTHROPIC_DEFAULT_SONNET_MODEL", model);
		env.put("ANTHROPIC_DEFAULT_HAIKU_MODEL", model);
		// no update checks, telemetry or error reports: CI has no internet and the suite must not need it
		env.put("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1");
		env.put("DISABLE_AUTOUPDATER", "1");
		env.put("DISABLE_TELEMETRY", "1");
		env.put("DISABLE_ERROR_REPORTING", "1");
		// a gateway error is reported at once instead of after minutes of back-off
		env.put("CLAUDE_CODE_MAX_RETRIES", "0");
		return env;
	}

	/**
	 * @param allowBash pre-approves the Bash tool (print mode cannot ask for permission)
	 */
	static Result run(String gatewayUrl, String gatewayKey, String model, String prompt, Path sandbox,
			boolean allowBash) throws IOException, InterruptedException {
		Path home = Files.createDirectories(sandbox.resolve("claude-home"));
		Path work = Files.createDirectories(sandbox.resolve("work"));
		List<String> command = new ArrayList<>(
				List.of(AgentClients.claude().toString(), "-p", prompt, "--output-format", "json"));
		if (allowBash) {
			command.addAll(List.of("--allowedTools", "Bash"));
		}
		AgentClients.Run run = AgentClients.run(command, environment(gatewayUrl, gatewayKey, model, home), work);
		JsonNode json = null;
		String out = run.stdout().strip();
		int start = out.lastIndexOf("\n{");
		String last = start < 0 ? out : out.substring(start + 1);
		if (last.startsWith("{")) {
			try {
				json = FamilyMock.JSON.readTree(last);
			}
			catch (RuntimeException notJson) {
				// left null: the assertion prints the run
			}
		}
		return new Result(run, json);
	}
}
