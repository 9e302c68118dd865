package io.llmgateway.sample;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A Spring Cloud Gateway with the LLM filters: the routes come from {@code routes.example.yml}. Takes LiteLLM's own
 * flag too: {@code java -jar sample-gateway.jar --config config.yaml} runs an unchanged LiteLLM proxy config
 * (docs/migrating-from-litellm.md).
 */
@SpringBootApplication
public class SampleGatewayApplication {

	public static void main(String[] args) {
		run(args);
	}

	static ConfigurableApplicationContext run(String... args) {
		return SpringApplication.run(SampleGatewayApplication.class, joinConfigFlag(args));
	}

	/** LiteLLM writes {@code --config FILE}; Spring reads options as {@code --name=value}. */
	static String[] joinConfigFlag(String[] args) {
		List<String> out = new ArrayList<>(args.length);
		for (int i = 0; i < args.length; i++) {
			if (args[i].equals("--config") && i + 1 < args.length && !args[i + 1].startsWith("--")) {
				out.add("--config=" + args[++i]);
			}
			else {
				out.add(args[i]);
			}
		}
		return out.toArray(String[]::new);
	}
}
