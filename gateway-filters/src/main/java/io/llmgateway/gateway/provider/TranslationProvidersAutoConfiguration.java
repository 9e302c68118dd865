package io.llmgateway.gateway.provider;

import java.util.List;
import java.util.Locale;

import io.llmgateway.gateway.core.LlmExchangeInitializer;
import io.llmgateway.translate.Protocol;
import io.llmgateway.translate.anthropic.AnthropicClientCodec;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpHeaders;

/**
 * The translating protocols: the Anthropic Messages client codec ({@code /v1/messages}) and the {@code anthropic} and
 * {@code gemini} provider adapters, registered as beans so the foundation's registries pick them up. Also captures
 * the protocol headers an Anthropic client sends that an Anthropic provider must receive ({@code anthropic-beta}).
 */
@AutoConfiguration(beforeName = "io.llmgateway.gateway.provider.LlmProviderAutoConfiguration")
public class TranslationProvidersAutoConfiguration {

	/** Client headers forwarded to a provider of the client's own protocol. */
	static final List<String> FORWARDED = List.of("anthropic-beta");

	@Bean
	@ConditionalOnMissingBean(AnthropicClientCodec.class)
	AnthropicClientCodec llmAnthropicClientCodec() {
		return new AnthropicClientCodec();
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
}
