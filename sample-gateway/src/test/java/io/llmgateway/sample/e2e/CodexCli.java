package io.llmgateway.sample.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Codex CLI ({@code codex exec "..."}) with the gateway as a custom model provider speaking the Responses API, as
 * docs/clients.md configures it.
 */
final class CodexCli {

	static final String KEY_VARIABLE = "LLM_GATEWAY_API_KEY";

	private CodexCli() {
	}

	/** The client's run and the last agent message it wrote ({@code -o}), null when it wrote none. */
	record Result(AgentClients.Run run, String lastMessage) {

		boolean succeeded() {
			return run.exitCode() == 0 && lastMessage != null;
		}
	}

	static String config(String gatewayUrl, String model) {
		return """
				model = "%s"
				model_provider = "llm-gateway"
				check_for_update_on_startup = false

				[analytics]
				enabled = false

				[model_providers.llm-gateway]
				name = "LLM gateway"
				base_url = "%s/v1"
				env_key = "%s"
				wire_api = "responses"
				request_max_retries = 0
				stream_max_retries = 0
				""".formatted(model, gatewayUrl, KEY_VARIABLE);
	}

	/**
	 * @param runCommands lets the agent run shell commands without approval or sandbox (the suite's commands are
	 * its own; Codex's bubblewrap sandbox needs user namespaces a CI container may not have)
	 */
	static Result run(String gatewayUrl, String gatewayKey, String model, String prompt, Path sandbox,
			boolean runCommands) throws IOException, InterruptedException {
		Path home = Files.createDirectories(sandbox.resolve("codex-home"));
		Path codexHome = Files.createDirectories(home.resolve(".codex"));
		Path work = Files.createDirectories(sandbox.resolve("work"));
		Files.writeString(codexHome.resolve("config.toml"), config(gatewayUrl, model));
		Path lastMessage = sandbox.resolve("codex-last-message.txt");
		List<String> command = new ArrayList<>(List.of(AgentClients.codex().toString(), "exec", "--skip-git-repo-check",
				"--strict-config", "--ephemeral", "--color", "never", "-o", lastMessage.toString()));
		if (runCommands) {
			command.add("--dangerously-bypass-approvals-and-sandbox");
		}
		command.add(prompt);
		AgentClients.Run run = AgentClients.run(command,
				Map.of("HOME", home.toString(), "CODEX_HOME", codexHome.toString(), KEY_VARIABLE, gatewayKey), work);
		String message = Files.exists(lastMessage) ? Files.readString(lastMessage, StandardCharsets.UTF_8).strip() : null;
		return new Result(run, message);
	}
}
