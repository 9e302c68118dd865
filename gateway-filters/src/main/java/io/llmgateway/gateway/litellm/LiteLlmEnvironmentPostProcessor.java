package io.llmgateway.gateway.litellm;

import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * Loads a LiteLLM proxy config ({@link LiteLlmConfigLocation}) as one property source of {@code llm.*} properties,
 * so every capability binds its usual typed settings from it. The source sits below command-line arguments, system
 * properties and environment variables (which still override single keys) and above the application's own files
 * (whose {@code llm.models} list it replaces). A config that cannot be translated stops the start with the reason.
 */
public class LiteLlmEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	public static final String SOURCE = "litellmConfig";

	/** After Boot's config data (application.yml may name the file), before binding. */
	private static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 20;

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		MutablePropertySources sources = environment.getPropertySources();
		if (sources.contains(SOURCE)) {
			return;
		}
		Path file = LiteLlmConfigLocation.find(environment);
		if (file == null) {
			return;
		}
		if (!Files.isRegularFile(file)) {
			throw new IllegalStateException(LiteLlmConfigLocation.PROPERTY + ": the LiteLLM config " + file
					+ " does not exist");
		}
		LiteLlmTranslation translation = LiteLlmTranslator.translate(file, environment::getProperty);
		PropertySource<?> source = new MapPropertySource(SOURCE, translation.properties());
		String env = StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME;
		if (sources.contains(env)) {
			sources.addAfter(env, source);
		}
		else {
			sources.addFirst(source);
		}
	}
}
