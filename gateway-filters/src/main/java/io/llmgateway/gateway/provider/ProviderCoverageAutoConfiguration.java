package io.llmgateway.gateway.provider;

import io.llmgateway.gateway.core.DeploymentSelector;
import io.llmgateway.gateway.core.EmbeddingsCaller;
import io.llmgateway.gateway.model.LlmModelAutoConfiguration;
import io.llmgateway.gateway.model.ModelRegistry;
import io.llmgateway.translate.embeddings.OpenAiEmbeddingsClientCodec;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The providers beyond OpenAI: Azure OpenAI, Vertex AI, AWS Bedrock, Ollama, Cohere and the named OpenAI-compatible
 * presets, plus the {@code /v1/embeddings} path ({@code LlmModel=OPENAI_EMBEDDINGS} + {@code LlmEmbeddings}). Each
 * adapter is a bean; the foundation's provider registry picks them up by id. Switch: {@code llm.provider.enabled}.
 */
@AutoConfiguration(after = { LlmModelAutoConfiguration.class, LlmProviderAutoConfiguration.class })
@ConditionalOnProperty(prefix = "llm.provider", name = "enabled", matchIfMissing = true)
public class ProviderCoverageAutoConfiguration {

	/** AWS Bedrock, only with the (optional) AWS signer libraries. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner",
			"software.amazon.awssdk.auth.credentials.AwsBasicCredentials" })
	static class BedrockConfiguration {

		@Bean
		@ConditionalOnMissingBean
		AwsSigV4Signer llmAwsSigV4Signer() {
			return new AwsSigV4Signer();
		}

		@Bean
		@ConditionalOnMissingBean
		AwsCredentialsSource llmAwsCredentialsSource() {
			return new AwsCredentialsSource();
		}

		@Bean
		@ConditionalOnMissingBean
		BedrockProviderAdapter llmBedrockProviderAdapter(AwsSigV4Signer signer, AwsCredentialsSource credentials) {
			return new BedrockProviderAdapter(signer, credentials);
		}
	}

	/** Google Vertex AI, only with Google's (optional) auth library. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "com.google.auth.oauth2.GoogleCredentials")
	static class VertexConfiguration {

		@Bean
		@ConditionalOnMissingBean
		GoogleAccessTokens llmGoogleAccessTokens() {
			return new GoogleAccessTokens();
		}

		@Bean
		@ConditionalOnMissingBean
		VertexProviderAdapter llmVertexProviderAdapter(GoogleAccessTokens tokens) {
			return new VertexProviderAdapter(tokens);
		}
	}

	@Bean
	@ConditionalOnMissingBean
	AzureProviderAdapter llmAzureProviderAdapter() {
		return new AzureProviderAdapter();
	}

	@Bean
	@ConditionalOnMissingBean
	OllamaProviderAdapter llmOllamaProviderAdapter() {
		return new OllamaProviderAdapter();
	}

	@Bean
	@ConditionalOnMissingBean
	CohereProviderAdapter llmCohereProviderAdapter() {
		return new CohereProviderAdapter();
	}

	/** One adapter bean per preset ({@code llmPreset-groq}, ...), so an application can replace any by name. */
	@Bean
	static BeanDefinitionRegistryPostProcessor llmPresetProviderAdapters() {
		return registry -> register(registry);
	}

	private static void register(BeanDefinitionRegistry registry) {
		for (OpenAiCompatiblePreset preset : OpenAiCompatiblePreset.ALL) {
			String name = "llmPreset-" + preset.id();
			if (!registry.containsBeanDefinition(name)) {
				RootBeanDefinition definition = new RootBeanDefinition(PresetProviderAdapter.class,
						() -> new PresetProviderAdapter(preset));
				registry.registerBeanDefinition(name, definition);
			}
		}
	}

	@Bean
	@ConditionalOnMissingBean
	OpenAiEmbeddingsClientCodec llmOpenAiEmbeddingsClientCodec() {
		return new OpenAiEmbeddingsClientCodec();
	}

	@Bean
	@ConditionalOnMissingBean
	EmbeddingsTargets llmEmbeddingsTargets(ObjectProvider<BedrockProviderAdapter> bedrock,
			ObjectProvider<GoogleAccessTokens> tokens) {
		return new EmbeddingsTargets(bedrock.getIfAvailable(), tokens.getIfAvailable());
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	EmbeddingsHttpClient llmEmbeddingsHttpClient() {
		return new EmbeddingsHttpClient();
	}

	/** Embeddings for features (the semantic cache's {@code embedding-model}) through the same targets. */
	@Bean
	@ConditionalOnMissingBean(EmbeddingsCaller.class)
	@ConditionalOnBean(ModelRegistry.class)
	EmbeddingsCaller llmEmbeddingsCaller(ModelRegistry models, EmbeddingsTargets targets, EmbeddingsHttpClient client) {
		return new GatewayEmbeddingsCaller(models, targets, client);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(DeploymentSelector.class)
	LlmEmbeddingsGatewayFilterFactory llmEmbeddingsGatewayFilterFactory(DeploymentSelector selector,
			EmbeddingsTargets targets, EmbeddingsHttpClient client) {
		return new LlmEmbeddingsGatewayFilterFactory(selector, targets, client);
	}
}
