package io.llmgateway.gateway.model;

import java.util.List;
import java.util.Map;
import java.util.Set;

import io.llmgateway.gateway.auth.AllowedModels;
import io.llmgateway.gateway.core.Identity;
import io.llmgateway.gateway.core.LlmProperties;
import io.llmgateway.gateway.core.ModelGroup;
import io.llmgateway.gateway.provider.LlmProviderAutoConfiguration;
import io.llmgateway.gateway.core.LlmCoreAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Wildcard names and aliases in {@code llm.models}, run-time replacement, and key patterns. */
class WildcardModelRegistryTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(LlmCoreAutoConfiguration.class, LlmProviderAutoConfiguration.class,
					LlmModelAutoConfiguration.class))
		// the admin endpoint mapping of core needs the codecs WebFlux would provide
		.withBean(ServerCodecConfigurer.class, ServerCodecConfigurer::create);

	@Test
	void llmModelsTakeProviderPatternsAndAliases() {
		runner.withPropertyValues("llm.models[0].name=anthropic/*", "llm.models[0].provider=anthropic",
				"llm.models[0].api-key=k", "llm.models[1].name=claude", "llm.models[1].provider=anthropic",
				"llm.models[1].model=claude-sonnet-4-5", "llm.models[1].api-key=k",
				"llm.model.aliases[sonnet]=claude").run(context -> {
					assertThat(context).hasNotFailed();
					ModelRegistry registry = context.getBean(ModelRegistry.class);
					ModelGroup g = registry.group("anthropic/claude-opus-4-1");
					assertThat(g.name()).isEqualTo("anthropic/claude-opus-4-1");
					assertThat(g.deployments()).singleElement().satisfies(d -> {
						assertThat(d.model()).isEqualTo("claude-opus-4-1");
						assertThat(d.id()).isEqualTo("anthropic/*#0");
					});
					assertThat(registry.group("sonnet").name()).isEqualTo("claude");
					// a deployment id pins that deployment, as in LiteLLM
					assertThat(registry.group("claude#0").deployments()).singleElement()
						.satisfies(d -> assertThat(d.model()).isEqualTo("claude-sonnet-4-5"));
					assertThat(registry.group("claude#0").name()).isEqualTo("claude");
					assertThat(registry.group("openai/gpt-4o")).isNull();
				});
	}

	@Test
	void moreSpecificPatternsWinAndCapturesFillTheModel() {
		runner.withPropertyValues("llm.models[0].name=*", "llm.models[0].provider=openai",
				"llm.models[0].model=*", "llm.models[0].api-key=k", "llm.models[1].name=fo::*:static::*",
				"llm.models[1].provider=openai", "llm.models[1].model=fo::*:static::*", "llm.models[1].api-key=k")
			.run(context -> {
				ModelRegistry registry = context.getBean(ModelRegistry.class);
				assertThat(registry.group("fo::hi:static::hello").deployments().get(0).model())
					.isEqualTo("fo::hi:static::hello");
				assertThat(registry.group("fo::hi:static::hello").deployments().get(0).id()).isEqualTo("fo::*:static::*#0");
				assertThat(registry.group("anything").deployments().get(0).id()).isEqualTo("*#0");
			});
	}

	@Test
	void anInvalidReplacementIsRefusedAndThePreviousModelsKeepServing() {
		runner.withPropertyValues("llm.models[0].name=a", "llm.models[0].provider=openai", "llm.models[0].model=m",
				"llm.models[0].api-key=k").run(context -> {
					ModelRegistry registry = context.getBean(ModelRegistry.class);
					LlmProperties.Model bad = new LlmProperties.Model("b", "nonesuch", "m", null, null, null, null, null,
							null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
							null);
					assertThatThrownBy(() -> registry.validate(List.of(bad), List.of("model 'x'"), Map.of(), Set.of()))
						.hasMessageContaining("model 'x'.provider");
					assertThat(registry.group("a")).isNotNull();
					LlmProperties.Model good = new LlmProperties.Model("b", "openai", "m2", null, "k", null, null, null,
							null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
							null);
					registry.replace(registry.validate(List.of(good), null, Map.of(), Set.of()));
					assertThat(registry.group("a")).isNull();
					assertThat(registry.group("b").deployments().get(0).model()).isEqualTo("m2");
				});
	}

	@Test
	void keyPatternsAllowMatchingModelsAndIntersectWithExactLists() {
		Identity key = new Identity("k", null, null, null, Set.of("openai/*", "claude-sonnet"), null, null, Map.of(),
				false);
		assertThat(key.allowsModel("openai/gpt-4o")).isTrue();
		assertThat(key.allowsModel("claude-sonnet")).isTrue();
		assertThat(key.allowsModel("anthropic/claude-3")).isFalse();
		assertThat(key.allowsModel("openai")).isFalse();
		AllowedModels models = new AllowedModels(Map.of());
		assertThat(AllowedModels.intersect(models.expand(List.of("openai/*")),
				models.expand(List.of("openai/gpt-4o", "anthropic/claude-3")))).containsExactly("openai/gpt-4o");
		assertThat(AllowedModels.intersect(models.expand(List.of("openai/*")), models.expand(List.of("openai/*"))))
			.containsExactly("openai/*");
		assertThat(AllowedModels.intersect(models.expand(List.of("openai/*")), models.expand(List.of("gemini-pro"))))
			.containsExactly(AllowedModels.NONE);
	}
}
