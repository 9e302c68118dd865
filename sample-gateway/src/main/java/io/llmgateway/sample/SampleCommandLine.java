package io.llmgateway.sample;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.llmgateway.gateway.litellm.LiteLlmConfigLocation;
import io.llmgateway.gateway.litellm.LiteLlmTranslator;

/**
 * The sample's own command-line options, translated into Spring Boot arguments before the application starts:
 * {@code --help} (print the usage, exit) and {@code --config FILE} (an extra configuration file that overrides the
 * built-in {@code routes.example.yml}). Every other argument goes to Spring Boot unchanged
 * ({@code --server.port=8080}, {@code --spring.profiles.active=demo}, ...).
 */
final class SampleCommandLine {

	static final String USAGE = """
			Usage: java -jar sample-gateway.jar [--config FILE] [--help] [--name=value ...]

			  --config FILE   an extra configuration file (YAML or properties, Spring Boot format) that overrides the
			                  built-in routes.example.yml; a routes.example.yml in the working directory does too.
			                  A LiteLLM proxy config.yaml (model_list at the top) is run as LiteLLM would
			  --help          print this help and exit
			  --name=value    any Spring Boot property, e.g. --server.port=8080 --spring.profiles.active=demo

			Environment:
			  OPENAI_API_KEY, ANTHROPIC_API_KEY, GEMINI_API_KEY   provider keys; models whose key is unset are skipped
			  LLM_MASTER_KEY   the admin key; LLM routes need it (or a virtual key made with it) unless
			                   --llm.keys.enabled=false or the demo profile

			Port 4000; admin endpoints under /llm/... and LiteLLM's paths (/key/generate, /spend/logs, /health, ...).
			""";

	/** Spring Boot arguments, or null when the program should exit (after {@code --help}). */
	static String[] translate(String[] args, PrintStream out) {
		List<String> boot = new ArrayList<>();
		for (int i = 0; i < args.length; i++) {
			String arg = args[i];
			if (arg.equals("--help") || arg.equals("-h")) {
				out.print(USAGE);
				return null;
			}
			if (arg.equals("--config") || arg.startsWith("--config=")) {
				String file = arg.startsWith("--config=") ? arg.substring("--config=".length())
						: i + 1 < args.length ? args[++i] : null;
				if (file == null || file.isBlank()) {
					throw new IllegalArgumentException("--config needs a file: --config routes.yml");
				}
				boot.addAll(configFile(Path.of(file)));
				continue;
			}
			boot.add(arg);
		}
		return boot.toArray(String[]::new);
	}

	/**
	 * The Spring Boot arguments that load one {@code --config} file. The hook for other formats (a LiteLLM
	 * {@code config.yaml}, say): recognise the file here and translate it, keeping "--config FILE = one more
	 * configuration file".
	 */
	static List<String> configFile(Path file) {
		if (!Files.isRegularFile(file)) {
			throw new IllegalArgumentException("--config " + file + ": no such file");
		}
		if (LiteLlmTranslator.isLiteLlmConfig(file)) {
			// LiteLLM's own config.yaml: translated into llm.* by the starter (docs/migrating-from-litellm.md)
			return List.of("--" + LiteLlmConfigLocation.PROPERTY + "=" + file.toAbsolutePath());
		}
		return List.of("--spring.config.additional-location=file:" + file.toAbsolutePath());
	}

	private SampleCommandLine() {
	}
}
