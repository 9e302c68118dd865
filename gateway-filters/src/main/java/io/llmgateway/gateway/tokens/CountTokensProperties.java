package io.llmgateway.gateway.tokens;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code llm.count-tokens.*}: {@code POST /v1/messages/count_tokens}.
 *
 * @param enabled register the {@code LlmCountTokens} filter (default true)
 * @param localFallback count locally when the provider's count-tokens API answers 404, 405 or 501 (an
 * Anthropic-compatible server without the endpoint); other provider errors reach the client (default true)
 */
@ConfigurationProperties(CountTokensProperties.PREFIX)
public record CountTokensProperties(@DefaultValue("true") boolean enabled, @DefaultValue("true") boolean localFallback) {

	public static final String PREFIX = "llm.count-tokens";
}
