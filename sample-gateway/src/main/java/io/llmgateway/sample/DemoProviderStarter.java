package io.llmgateway.sample;

import java.time.Duration;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * With the {@code demo} profile, starts the in-process {@link DemoProvider} before the gateway binds
 * {@code llm.models}, and publishes its port as {@code llm.demo.port} (default 0: a free port), which the demo model's
 * {@code api-base} in {@code routes.example.yml} refers to. {@code llm.demo.chunk-delay} paces the streamed words.
 */
public class DemoProviderStarter implements EnvironmentPostProcessor {

	private static final String SOURCE = "llmDemoProvider";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!environment.matchesProfiles("demo") || environment.getPropertySources().contains(SOURCE)) {
			return;
		}
		int port = environment.getProperty("llm.demo.port", Integer.class, 0);
		Duration delay = environment.getProperty("llm.demo.chunk-delay", Duration.class, Duration.ofMillis(30));
		DemoProvider provider = DemoProvider.start(port, delay);
		Runtime.getRuntime().addShutdownHook(new Thread(provider::stop, "demo-provider-stop"));
		environment.getPropertySources()
			.addFirst(new MapPropertySource(SOURCE, Map.of("llm.demo.port", provider.port())));
	}
}
