package io.llmgateway.gateway.core;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code llm.admin.<group>.enabled}: the switch of each group of the gateway's own endpoints
 * ({@link LlmAdminEndpoints#group()}), every one on unless set to false. {@code llm.admin.enabled=false}
 * ({@link LlmAdminProperties}) still removes all groups at once.
 *
 * <p>One component per group the gateway and its admin console declare, so each switch is a bound, documented
 * property rather than a string looked up at start-up. A group declared by an application under another name has no
 * switch here and is always mounted: the application switches it with a condition on its own bean.
 *
 * @param cache cache ping and eviction
 * @param console the admin console's data endpoints
 * @param health deployment health
 * @param keys key, team and user management
 * @param models model info and model management
 * @param spend spend logs and reports
 * @param ui the admin console's pages at {@code /ui}
 */
@ConfigurationProperties(LlmAdminProperties.PREFIX)
public record LlmAdminGroups(Group cache, Group console, Group health, Group keys, Group models, Group spend,
		Group ui) {

	/** Every group on: what an application without any {@code llm.admin.<group>.enabled} setting gets. */
	public static final LlmAdminGroups ALL_ON = new LlmAdminGroups(null, null, null, null, null, null, null);

	/** One group's switch; absent means on. */
	public record Group(Boolean enabled) {
	}

	/** Whether the group of this name is mounted. */
	public boolean enabled(String group) {
		Group g = switch (group) {
			case "cache" -> cache;
			case "console" -> console;
			case "health" -> health;
			case "keys" -> keys;
			case "models" -> models;
			case "spend" -> spend;
			case "ui" -> ui;
			default -> null;
		};
		return g == null || g.enabled() == null || g.enabled();
	}
}
