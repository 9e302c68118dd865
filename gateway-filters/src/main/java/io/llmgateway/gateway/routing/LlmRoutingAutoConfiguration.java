package io.llmgateway.gateway.routing;

import io.llmgateway.gateway.core.AdminAuthorizer;
import io.llmgateway.gateway.core.LlmAdminEndpoints;
import io.llmgateway.gateway.core.RequestRouter;
import io.llmgateway.gateway.core.TokenEstimator;
import org.springframework.context.annotation.Configuration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import io.llmgateway.gateway.model.LlmModelAutoConfiguration;
import io.llmgateway.gateway.model.ModelRegistry;
import io.llmgateway.gateway.observe.DeploymentStateGauges;
import io.llmgateway.gateway.core.ProviderRegistry;
import io.llmgateway.gateway.ratelimit.DeploymentQuota;
import io.llmgateway.gateway.ratelimit.QuotaFallbacks;
import io.llmgateway.gateway.translate.UpstreamClient;
import io.llmgateway.gateway.translate.LlmTranslateAutoConfiguration;
import org.redisson.api.RedissonClient;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;

/**
 * Routing within and across model groups: strategies, retries, fallbacks, cooldowns (shared through Redis when the
 * rate limiter runs there), the whole-request budget, health checks and the {@code health} admin endpoints. Switch:
 * {@code llm.router.enabled}; without it the dispatch package's single-attempt router makes one weighted-random attempt.
 * Runs before the dispatch configuration so that its {@link Router} is the {@link RequestRouter}.
 */
@AutoConfiguration(after = LlmModelAutoConfiguration.class, before = LlmTranslateAutoConfiguration.class)
@ConditionalOnProperty(prefix = RouterProperties.PREFIX, name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(RouterProperties.class)
public class LlmRoutingAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	DeploymentStats llmDeploymentStats() {
		return new DeploymentStats();
	}

	/** Cooldowns shared through Redis when the rate limiter keeps its state there (and Redisson is present). */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.redisson.api.RedissonClient")
	@ConditionalOnProperty(name = "llm.rate-limit.backend", havingValue = "redis")
	static class RedisCooldownConfiguration {

		@Bean
		@ConditionalOnMissingBean
		CooldownTracker llmCooldownTracker(RouterProperties properties, ObjectProvider<RedissonClient> redis,
				ModelRegistry models) {
			RedissonClient client = redis.getIfAvailable();
			if (client == null) {
				return new LocalCooldownTracker(properties.allowedFails(), properties.failureWindow(),
						properties.cooldown());
			}
			RedisCooldownTracker tracker = new RedisCooldownTracker(properties.allowedFails(),
					properties.failureWindow(), properties.cooldown(), client, "llm:router:");
			tracker.loadExisting(models.deploymentIds());
			return tracker;
		}
	}

	@Bean
	@ConditionalOnMissingBean
	CooldownTracker llmCooldownTracker(RouterProperties properties) {
		return new LocalCooldownTracker(properties.allowedFails(), properties.failureWindow(), properties.cooldown());
	}

	@Bean
	@ConditionalOnMissingBean
	RoutingDeploymentSelector llmRoutingDeploymentSelector(RouterProperties properties, CooldownTracker cooldowns,
			DeploymentStats stats, ObjectProvider<DeploymentQuota> quota) {
		return new RoutingDeploymentSelector(properties, cooldowns, stats, quota.getIfAvailable() == null);
	}

	/** Groups with a fallback are not refused up front by the rate limiter when their deployments' quota is spent. */
	@Bean
	@ConditionalOnMissingBean
	QuotaFallbacks llmQuotaFallbacks(RouterProperties properties) {
		return group -> properties.maxFallbacks() > 0
				&& !properties.fallbacks().getOrDefault(group, properties.defaultFallbacks()).isEmpty();
	}

	@Bean
	@ConditionalOnMissingBean
	ContextWindowGuard llmContextWindowGuard(ObjectProvider<TokenEstimator> estimator) {
		return new ContextWindowGuard(estimator.getIfAvailable(TokenEstimator::standard));
	}

	@Bean
	@ConditionalOnMissingBean(RequestRouter.class)
	Router llmRouter(RouterProperties properties, RoutingDeploymentSelector selector, CooldownTracker cooldowns,
			DeploymentStats stats, ModelRegistry models, ContextWindowGuard contextWindow, ApplicationEventPublisher events,
			ObjectProvider<DeploymentQuota> quota) {
		validateFallbacks(properties, models);
		return new Router(properties, selector, cooldowns, stats, models, contextWindow, events,
				quota.getIfAvailable());
	}

	/** Exposes each deployment's cooldown as the {@code llm.deployment.cooldown} gauge when meters are on. */
	@Bean
	SmartInitializingSingleton llmCooldownGauges(ObjectProvider<DeploymentStateGauges> gauges, ModelRegistry models,
			CooldownTracker cooldowns) {
		return () -> gauges.ifAvailable(g -> models.groups()
			.forEach(group -> group.deployments()
				.forEach(d -> g.registerCooldown(d, () -> cooldowns.isCooling(d.id())))));
	}

	@Bean
	LlmAdminEndpoints llmHealthRoutes(ModelRegistry models, CooldownTracker cooldowns, DeploymentStats stats,
			AdminAuthorizer admin) {
		return HealthEndpoints.endpoints(models, cooldowns, stats, admin);
	}

	@Bean
	@ConditionalOnProperty(prefix = RouterProperties.PREFIX, name = "health.enabled", havingValue = "true")
	HealthChecker llmHealthChecker(RouterProperties properties, ModelRegistry models, ProviderRegistry providers,
			UpstreamClient client, CooldownTracker cooldowns, DeploymentStats stats) {
		return new HealthChecker(properties.health(), models, providers, client, cooldowns, stats);
	}

	/** Fallback targets must be configured model names: a typo should stop the start, not surface during an outage. */
	static void validateFallbacks(RouterProperties properties, ModelRegistry models) {
		check("llm.router.default-fallbacks", properties.defaultFallbacks(), models);
		properties.fallbacks().forEach((k, v) -> check("llm.router.fallbacks." + k, v, models));
		properties.contextWindowFallbacks()
			.forEach((k, v) -> check("llm.router.context-window-fallbacks." + k, v, models));
		properties.contentPolicyFallbacks()
			.forEach((k, v) -> check("llm.router.content-policy-fallbacks." + k, v, models));
	}

	private static void check(String key, java.util.List<String> names, ModelRegistry models) {
		for (String name : names) {
			if (models.group(name) == null) {
				throw new IllegalStateException(key + " names model '" + name
						+ "', which is not in llm.models (known: " + models.names() + ")");
			}
		}
	}
}
