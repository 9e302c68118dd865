package io.llmgateway.sample.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The real agent clients installed by {@code npm ci --prefix e2e-clients} (versions pinned in
 * e2e-clients/package-lock.json), run as subprocesses with a clean environment: nothing of the developer's own
 * keys, config or home reaches them.
 */
final class AgentClients {

	static final String INSTALL_HINT = "npm ci --prefix e2e-clients (from the repository root)";

	static final Duration TIMEOUT = Duration.ofSeconds(120);

	private static volatile boolean skipAnnounced;

	private AgentClients() {
	}

	/** One finished client run. */
	record Run(List<String> command, int exitCode, String stdout, String stderr) {

		/** Everything needed to understand a failure, for assertion messages. */
		String describe() {
			return "command: " + command + "\nexit code: " + exitCode + "\n--- stdout ---\n" + tail(stdout)
					+ "\n--- stderr ---\n" + tail(stderr);
		}

		private static String tail(String s) {
			return s.length() > 6000 ? "…" + s.substring(s.length() - 6000) : s;
		}
	}

	static Path claude() {
		return bin("claude");
	}

	static Path codex() {
		return bin("codex");
	}

	/**
	 * Missing clients fail the build in CI ({@code CI=true}) and skip the suite elsewhere, naming the install
	 * command.
	 */
	static void requireInstalled() {
		List<String> missing = new ArrayList<>();
		for (String name : List.of("claude", "codex")) {
			if (!Files.isExecutable(bin(name))) {
				missing.add(bin(name).toString());
			}
		}
		if (missing.isEmpty()) {
			return;
		}
		String message = "Real agent clients are not installed (" + String.join(", ", missing) + "); run "
				+ INSTALL_HINT;
		if ("true".equalsIgnoreCase(System.getenv("CI"))) {
			Assertions.fail(message);
		}
		if (!skipAnnounced) {
			skipAnnounced = true;
			System.err.println("SKIPPED: " + message);
		}
		Assumptions.abort(message);
	}

	/** Runs a client in workDir with only the given environment (plus PATH), stdin closed. */
	static Run run(List<String> command, Map<String, String> env, Path workDir) throws IOException, InterruptedException {
		ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile());
		pb.environment().clear();
		pb.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin"));
		pb.environment().put("LANG", "C.UTF-8");
		pb.environment().put("TERM", "dumb");
		pb.environment().put("NO_COLOR", "1");
		pb.environment().putAll(env);
		Path out = Files.createTempFile(workDir.getParent(), "client-", ".out");
		Path err = Files.createTempFile(workDir.getParent(), "client-", ".err");
		pb.redirectOutput(out.toFile()).redirectError(err.toFile());
		Process process = pb.start();
		process.getOutputStream().close();
		boolean finished = process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		if (!finished) {
			process.descendants().forEach(ProcessHandle::destroyForcibly);
			process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
		}
		Run run = new Run(command, finished ? process.exitValue() : -1, Files.readString(out, StandardCharsets.UTF_8),
				Files.readString(err, StandardCharsets.UTF_8));
		if (!finished) {
			Assertions.fail("client did not finish within " + TIMEOUT + "\n" + run.describe());
		}
		return run;
	}

	private static Path bin(String name) {
		return clientsDir().resolve("node_modules").resolve(".bin").resolve(name);
	}

	/** e2e-clients at the repository root, found from the module directory Maven runs the tests in. */
	static Path clientsDir() {
		Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
		for (Path d = dir; d != null; d = d.getParent()) {
			if (Files.isDirectory(d.resolve("e2e-clients"))) {
				return d.resolve("e2e-clients");
			}
		}
		return dir.resolve("e2e-clients");
	}
}
