package io.llmgateway.sample;

import org.apache.commons.logging.LogFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;

/**
 * A Spring Cloud Gateway with the LLM filters: the routes come from {@code routes.example.yml} (inside the jar, or
 * overridden from the working directory or {@code --config FILE}). {@code --help} prints the usage. LiteLLM's own flag
 * works too: {@code --config config.yaml} with a LiteLLM proxy config runs it unchanged (docs/migrating-from-litellm.md).
 */
@SpringBootApplication
public class SampleGatewayApplication {

	public static void main(String[] args) {
		String[] boot;
		try {
			boot = SampleCommandLine.translate(args, System.out);
		}
		catch (IllegalArgumentException ex) {
			System.err.println(ex.getMessage());
			System.err.print(SampleCommandLine.USAGE);
			System.exit(2);
			return;
		}
		if (boot != null) {
			SpringApplication.run(SampleGatewayApplication.class, boot);
		}
	}

	/** Starts the sample with the same command line as {@link #main} (tests). */
	static ConfigurableApplicationContext run(String... args) {
		return SpringApplication.run(SampleGatewayApplication.class, SampleCommandLine.translate(args, System.out));
	}

	/** Keys are required but nobody can hold one: say so once, with the fix. */
	@Bean
	ApplicationListener<ApplicationReadyEvent> llmMasterKeyReminder(Environment env) {
		return event -> {
			boolean required = env.getProperty("llm.keys.enabled", Boolean.class, true);
			String master = env.getProperty("llm.keys.master-key", "");
			if (required && master.isBlank() && !env.acceptsProfiles(Profiles.of("security"))) {
				LogFactory.getLog(SampleGatewayApplication.class)
					.warn("LLM routes answer 401 to every request: keys are required and no master key is set. Start "
							+ "with LLM_MASTER_KEY=sk-... (then send it, or virtual keys made with POST /key/generate), "
							+ "or with --spring.profiles.active=demo / --llm.keys.enabled=false to open them on purpose.");
			}
		};
	}
}
