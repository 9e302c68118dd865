package io.llmgateway.sample.e2e;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.node.ObjectNode;

/**
 * What every mock provider "decides", whatever its wire format: a prompt carries a random nonce; the mock answers
 * with a sentence naming its family and the nonce, so the text a client prints proves which provider answered what
 * it was asked. A prompt with the tool marker makes the mock ask for the client's shell tool to write the nonce into
 * a file and print it; once the tool result comes back, the mock answers with the nonce it read in that result.
 */
final class AgentScript {

	static final String TOOL_MARKER = "RUN-TOOL";

	static final String PROOF_FILE = "proof.txt";

	private static final Pattern NONCE = Pattern.compile("NONCE-[0-9a-f]{8}");

	/** Shell tools the clients offer, in the order the mock prefers them. */
	private static final List<String> SHELL_TOOLS = List.of("Bash", "exec_command", "shell_command", "shell");

	private AgentScript() {
	}

	sealed interface Reply permits Text, ToolCall {
	}

	record Text(String text) implements Reply {
	}

	record ToolCall(String name, ObjectNode arguments) implements Reply {
	}

	static String nonce() {
		return "NONCE-" + String.format("%08x", java.util.concurrent.ThreadLocalRandom.current().nextInt());
	}

	static String answer(String family, String nonce) {
		return family + " answers " + nonce;
	}

	static String toolAnswer(String family, String nonce) {
		return family + " read the tool output: " + nonce;
	}

	static String command(String nonce) {
		return "printf %s " + nonce + " > " + PROOF_FILE + " && cat " + PROOF_FILE;
	}

	/**
	 * @param requestBody the raw request the mock received
	 * @param offeredTools the names of the tools the request declares
	 * @param toolResults the tool results in the request, serialized, or an empty string when there are none
	 */
	static Reply decide(String family, String requestBody, List<String> offeredTools, String toolResults) {
		if (!toolResults.isEmpty()) {
			return new Text(toolAnswer(family, find(toolResults)));
		}
		String nonce = find(requestBody);
		if (!requestBody.contains(TOOL_MARKER)) {
			return new Text(answer(family, nonce));
		}
		String tool = SHELL_TOOLS.stream().filter(offeredTools::contains).findFirst().orElse(null);
		if (tool == null) {
			return new Text(family + " was offered no shell tool among " + offeredTools);
		}
		return new ToolCall(tool, arguments(tool, command(nonce)));
	}

	private static ObjectNode arguments(String tool, String command) {
		ObjectNode args = FamilyMock.JSON.createObjectNode();
		switch (tool) {
			case "Bash" -> args.put("command", command).put("description", "Write the proof file");
			case "exec_command" -> args.put("cmd", command);
			case "shell" -> args.putArray("command").add("bash").add("-lc").add(command);
			default -> args.put("command", command);
		}
		return args;
	}

	private static String find(String text) {
		Matcher m = NONCE.matcher(text);
		return m.find() ? m.group() : "no nonce";
	}
}
