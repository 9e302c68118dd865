package io.llmgateway.gateway.provider;

import java.util.List;
import java.util.Locale;

import io.llmgateway.gateway.core.LlmExchangeInitializer;
import io.llmgateway.translate.Protocol;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;

/**
 * Every provider adapter, one bean per provider id (the core's {@code ProviderRegistry} collects them): OpenAI,
 * OpenAI-compatible, Anthropic and Gemini always; Azure OpenAI, Ollama, Cohere, the named OpenAI-compatible presets,
 * and AWS Bedrock and Google Vertex AI when their optional libraries are present, unless
 * {@code llm.provider.enabled=false}. An adapter serves chat, count tokens and embeddings alike, so a new provider is
 * one adapter class (and its codecs) plus its bean here.
 */
@AutoConfiguration
public class LlmProviderAutoConfiguration {

	/** Client headers forwarded to a provider of the client's own protocol. */
	static final List<String> FORWARDED = List.of("anthropic-beta");

	@Bean
	@ConditionalOnMissingBean(OpenAiProviderAdapter.class)
	OpenAiProviderAdapter llmOpenAiProviderAdapter() {
		return new OpenAiProviderAdapter();
	}

	@Bean
	@ConditionalOnMissingBean(OpenAiCompatibleProviderAdapter.class)
	OpenAiCompatibleProviderAdapter llmOpenAiCompatibleProviderAdapter() {
		return new OpenAiCompatibleProviderAdapter();
	}

	@Bean
	@ConditionalOnMissingBean(AnthropicProviderAdapter.class)
	AnthropicProviderAdapter llmAnthropicProviderAdapter() {
		return new AnthropicProviderAdapter();
	}

	@Bean
	@ConditionalOnMissingBean(GeminiProviderAdapter.class)
	GeminiProviderAdapter llmGeminiProviderAdapter() {
		return new GeminiProviderAdapter();
	}

	/** The protocol headers an Anthropic client sends that an Anthropic provider must receive. */
	@Bean
	LlmExchangeInitializer llmAnthropicForwardHeaders() {
		return (llm, exchange) -> {
			if (llm.clientProtocol() != Protocol.ANTHROPIC || llm.request() == null) {
				return;
			}
			HttpHeaders headers = exchange.getRequest().getHeaders();
			for (String name : FORWARDED) {
				List<String> values = headers.get(name);
				if (values != null && !values.isEmpty()) {
					llm.request().forwardHeaders().put(name.toLowerCase(Locale.ROOT), String.join(",", values));
				}
			}
		};
	}

	/** The providers beyond the four built-in protocols. Switch: {@code llm.provider.enabled}. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(prefix = "llm.provider", name = "enabled", matchIfMissing = true)
	static class MoreProvidersConfiguration {

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
			return LlmProviderAutoConfiguration::registerPresets;
		}
	}

	/** AWS Bedrock, only with the (optional) AWS signer libraries. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(prefix = "llm.provider", name = "enabled", matchIfMissing = true)
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
	@ConditionalOnProperty(prefix = "llm.provider", name = "enabled", matchIfMissing = true)
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

	private static void registerPresets(BeanDefinitionRegistry registry) {
		for (OpenAiCompatiblePreset preset : OpenAiCompatiblePreset.ALL) {
			String name = "llmPreset-" + preset.id();
			if (!registry.containsBeanDefinition(name)) {
				RootBeanDefinition definition = new RootBeanDefinition(PresetProviderAdapter.class,
						() -> new PresetProviderAdapter(preset));
				registry.registerBeanDefinition(name, definition);
			}
		}
	}
}
