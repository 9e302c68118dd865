package io.llmgateway.gateway.spend;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * {@code llm.spend.enabled=false}: no prices, budgets, ledger or reports, but the {@code LlmSpend} filter stays
 * registered as a pass-through, so routes written for the shipped configuration still load and answer.
 */
@AutoConfiguration(after = LlmSpendAutoConfiguration.class)
@ConditionalOnProperty(prefix = LlmSpendProperties.PREFIX, name = "enabled", havingValue = "false")
public class LlmSpendSwitchedOffAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	LlmSpendGatewayFilterFactory llmSpendGatewayFilterFactory() {
		return LlmSpendGatewayFilterFactory.passThrough();
	}
}
