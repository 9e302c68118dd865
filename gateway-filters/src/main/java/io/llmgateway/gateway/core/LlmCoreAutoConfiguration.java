package io.llmgateway.gateway.core;

import io.llmgateway.translate.anthropic.AnthropicClientCodec;
import io.llmgateway.translate.codec.ClientCodec;
import io.llmgateway.translate.embeddings.OpenAiEmbeddingsClientCodec;
import io.llmgateway.translate.openai.OpenAiClientCodec;
import io.llmgateway.translate.responses.ResponsesClientCodec;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.http.codec.ServerCodecConfigurer;

/**
 * Core of the LLM gateway: binds {@code llm.*}, registers the client codecs (OpenAI Chat Completions, Responses,
 * Anthropic Messages, OpenAI embeddings) with the {@link ClientCodecs} registry of every {@link ClientCodec} bean, and
 * the {@link ProviderRegistry} of every {@link ProviderAdapter} bean. Capability packages contribute their own
 * auto-configurations.
 */
@AutoConfiguration
@EnableConfigurationProperties({ LlmProperties.class, LlmAdminProperties.class, LlmAdminGroups.class,
		MasterKeyProperties.class })
public class LlmCoreAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	AdminAuthorizer llmAdminAuthorizer(MasterKeyProperties keys) {
		return new MasterKeyAdminAuthorizer(keys.masterKey());
	}

	/** Mounts every {@link LlmAdminEndpoints} group after the gateway's routes (see {@link LlmAdminEndpoints}). */
	@Bean
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
	LlmAdminHandlerMapping llmAdminHandlerMapping(ObjectProvider<LlmAdminEndpoints> groups,
			LlmAdminProperties properties, LlmAdminGroups switches, Environment env,
			ObjectProvider<ServerCodecConfigurer> codecs) {
		// Spring Cloud Gateway's own setting, not an llm.* one: read where the gateway reads it
		int gatewayOrder = env.getProperty(LlmAdminHandlerMapping.GATEWAY_ORDER, Integer.class, 1);
		return new LlmAdminHandlerMapping(groups.orderedStream().toList(), properties, switches, gatewayOrder,
				codecs.getIfAvailable(ServerCodecConfigurer::create));
	}

	@Bean
	@ConditionalOnMissingBean(OpenAiClientCodec.class)
	OpenAiClientCodec llmOpenAiClientCodec() {
		return new OpenAiClientCodec();
	}

	@Bean
	@ConditionalOnMissingBean(ResponsesClientCodec.class)
	ResponsesClientCodec llmResponsesClientCodec() {
		return new ResponsesClientCodec();
	}

	@Bean
	@ConditionalOnMissingBean(AnthropicClientCodec.class)
	AnthropicClientCodec llmAnthropicClientCodec() {
		return new AnthropicClientCodec();
	}

	@Bean
	@ConditionalOnMissingBean(OpenAiEmbeddingsClientCodec.class)
	OpenAiEmbeddingsClientCodec llmOpenAiEmbeddingsClientCodec() {
		return new OpenAiEmbeddingsClientCodec();
	}

	@Bean
	@ConditionalOnMissingBean
	ProviderRegistry llmProviderRegistry(ObjectProvider<ProviderAdapter> adapters) {
		return new ProviderRegistry(adapters.orderedStream().toList());
	}

	@Bean
	@ConditionalOnMissingBean
	ClientCodecs llmClientCodecs(ObjectProvider<ClientCodec> codecs) {
		return new ClientCodecs(codecs.orderedStream().toList());
	}
}
