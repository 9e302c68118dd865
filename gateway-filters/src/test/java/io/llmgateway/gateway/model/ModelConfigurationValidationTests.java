package io.llmgateway.gateway.model;

import java.util.List;

import io.llmgateway.gateway.core.LlmCoreAutoConfiguration;
import io.llmgateway.gateway.provider.LlmProviderAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.gateway.config.GatewayProperties;
import org.springframework.cloud.gateway.filter.FilterDefinition;
import org.springframework.cloud.gateway.handler.predicate.PredicateDefinition;
import org.springframework.cloud.gateway.route.RouteDefinition;

import static org.assertj.core.api.Assertions.assertThat;

/** Start-up validation of {@code llm.models}: the start fails with a message naming the offending key. */
@ExtendWith(OutputCaptureExtension.class)
class ModelConfigurationValidationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(LlmCoreAutoConfiguration.class, LlmProviderAutoConfiguration.class,
					LlmModelAutoConfiguration.class))
		// the admin endpoint mapping of core needs the codecs WebFlux would provide
		.withBean(ServerCodecConfigurer.class, ServerCodecConfigurer::create);

	private static String[] model(int i, String... props) {
		String[] out = new String[props.length];
		for (int j = 0; j < props.length; j++) {
			out[j] = "llm.models[" + i + "]." + props[j];
		}
		return out;
	}

	@Test
	void validModelsFormGroups() {
		runner.withPropertyValues(model(0, "name=gpt", "provider=openai", "model=gpt-4o", "api-key=sk-1"))
			.withPropertyValues(model(1, "name=gpt", "provider=openai-compatible", "model=m",
					"api-base=http://localhost:11434/v1", "weight=3"))
			.run(context -> {
				assertThat(context).hasNotFailed();
				ModelRegistry registry = context.getBean(ModelRegistry.class);
				assertThat(registry.names()).containsExactly("gpt");
				assertThat(registry.group("gpt").deployments()).extracting(d -> d.id()).containsExactly("gpt#0", "gpt#1");
			});
	}

	@Test
	void unknownProviderNamesTheKey() {
		runner.withPropertyValues(model(0, "name=a", "provider=openai", "model=m", "api-key=k"))
			.withPropertyValues(model(1, "name=b", "provider=nonesuch", "model=m"))
			.run(context -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("llm.models[1].provider")
				.hasMessageContaining("nonesuch"));
	}

	@Test
	void modelsWithABlankKeyAreSkippedWhenAsked(CapturedOutput output) {
		runner.withPropertyValues("llm.skip-models-without-api-key=true")
			.withPropertyValues(model(0, "name=gpt", "provider=openai", "model=gpt-4o", "api-key=sk-1"))
			.withPropertyValues(model(1, "name=gpt-two", "provider=openai", "model=c", "api-key="))
			.run(context -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(ModelRegistry.class).names()).containsExactly("gpt");
				assertThat(output).contains("llm.models[1] (model 'gpt-two', provider 'openai') is skipped");
			});
	}

	@Test
	void missingApiKeyNamesTheKeyWithoutLeakingAnything() {
		runner.withPropertyValues(model(0, "name=a", "provider=openai", "model=m"))
			.run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining("llm.models[0].api-key"));
	}

	@Test
	void malformedApiBaseNamesTheKey() {
		runner.withPropertyValues(model(0, "name=a", "provider=openai-compatible", "model=m", "api-base=localhost:8000"))
			.run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining("llm.models[0].api-base"));
		runner.withPropertyValues(model(0, "name=a", "provider=openai-compatible", "model=m", "api-base=http://bad host/v1"))
			.run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining("llm.models[0].api-base"));
	}

	@Test
	void compatibleProviderNeedsAnApiBase() {
		runner.withPropertyValues(model(0, "name=a", "provider=openai-compatible", "model=m"))
			.run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining("llm.models[0].api-base"));
	}

	@Test
	void missingModelIdNamesTheKey() {
		runner.withPropertyValues(model(0, "name=a", "provider=openai", "api-key=k"))
			.run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining("llm.models[0].model"));
	}

	@Test
	void emptyModelListFailsWhenARouteUsesLlmModel() {
		runner.withBean(GatewayProperties.class, () -> {
			GatewayProperties gateway = new GatewayProperties();
			RouteDefinition route = new RouteDefinition();
			route.setId("chat");
			route.setPredicates(List.of(new PredicateDefinition("Path=/v1/chat/completions")));
			route.setFilters(List.of(new FilterDefinition("LlmModel")));
			gateway.setRoutes(List.of(route));
			return gateway;
		}).run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining("llm.models is empty")
			.hasMessageContaining("chat"));
	}

	@Test
	void emptyModelListIsFineWithoutLlmRoutes() {
		runner.run(context -> assertThat(context).hasNotFailed());
	}

	@Test
	void theModelFiltersCanBeSwitchedOff() {
		runner.withPropertyValues("llm.model.enabled=false").withPropertyValues(model(0, "name=a", "provider=nonesuch"))
			.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(ModelRegistry.class));
	}
}
