package io.llmgateway.gateway.core;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Core of the LLM gateway: binds {@code llm.*}. Capability packages contribute their own auto-configurations.
 */
@AutoConfiguration
@EnableConfigurationProperties(LlmProperties.class)
public class LlmCoreAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	AdminAuthorizer llmAdminAuthorizer(Environment env) {
		return new MasterKeyAdminAuthorizer(env.getProperty("llm.keys.master-key"));
	}
}
