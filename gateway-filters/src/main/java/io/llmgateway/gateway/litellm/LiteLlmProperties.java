package io.llmgateway.gateway.litellm;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code llm.litellm.*}: LiteLLM compatibility.
 *
 * @param config a LiteLLM proxy {@code config.yaml} loaded as the gateway's configuration (see
 * docs/migrating-from-litellm.md); the sample also takes LiteLLM's own {@code --config FILE}
 * @param reloadInterval how often the config file is checked for changes; a change of {@code model_list} (and
 * {@code model_group_alias}) is applied without a restart (default 2s; 0 = never)
 * @param modelPollInterval how often each instance reads the deployments stored with {@code /model/new} (default 2s)
 * @param adminApi serve {@code /model/info}, {@code /model/new}, {@code /model/update}, {@code /model/delete}
 * (default true)
 */
@ConfigurationProperties(LiteLlmProperties.PREFIX)
public record LiteLlmProperties(String config, Duration reloadInterval, Duration modelPollInterval,
		Boolean adminApi) {

	public static final String PREFIX = "llm.litellm";

	public LiteLlmProperties {
		reloadInterval = reloadInterval == null ? Duration.ofSeconds(2) : reloadInterval;
		modelPollInterval = modelPollInterval == null ? Duration.ofSeconds(2) : modelPollInterval;
		adminApi = adminApi == null || adminApi;
	}
}
