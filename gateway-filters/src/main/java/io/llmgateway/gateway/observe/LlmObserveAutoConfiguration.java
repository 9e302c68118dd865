package io.llmgateway.gateway.observe;

import io.llmgateway.gateway.core.LlmAlert;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.tracing.Tracer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Observability of LLM requests ({@code llm.observe.*}, on by default): meters on the application's
 * {@link MeterRegistry}, spans when Micrometer Tracing has a {@link Tracer}, the {@code llm.access} JSON log,
 * webhooks and alerts. Runs after the metrics and tracing auto-configurations so their beans are visible.
 */
@AutoConfiguration(afterName = {
		"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusMetricsExportAutoConfiguration",
		"org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration",
		"org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration",
		"org.springframework.boot.micrometer.tracing.brave.autoconfigure.BraveAutoConfiguration" })
@ConditionalOnProperty(prefix = LlmObserveProperties.PREFIX, name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(LlmObserveProperties.class)
public class LlmObserveAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	BoundedTagValues llmBoundedTagValues(LlmObserveProperties props) {
		return new BoundedTagValues(props.maxTagValues());
	}

	@Bean
	@ConditionalOnMissingBean
	LlmMeters llmMeters(ObjectProvider<MeterRegistry> registry, BoundedTagValues bounded, LlmObserveProperties props) {
		return new LlmMeters(meterRegistry(registry), bounded, props.teamTag());
	}

	@Bean
	@ConditionalOnMissingBean
	DeploymentStateGauges llmDeploymentStateGauges(ObjectProvider<MeterRegistry> registry) {
		return new DeploymentStateGauges(meterRegistry(registry));
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	WebhookSender llmWebhookSender(ObjectProvider<MeterRegistry> registry, LlmObserveProperties props) {
		return new WebhookSender(props.callbackQueueSize(), props.callbackConcurrency(), props.callbackTimeout(),
				meterRegistry(registry));
	}

	@Bean
	@ConditionalOnMissingBean
	LlmAlertNotifier llmAlertNotifier(ObjectProvider<MeterRegistry> registry, WebhookSender sender,
			LlmObserveProperties props) {
		return new LlmAlertNotifier(props.alerts().webhookUrl(), props.alerts().interval(), sender,
				meterRegistry(registry));
	}

	@Bean
	LlmObserveInitializer llmObserveInitializer(LlmObserveProperties props, LlmMeters meters,
			ObjectProvider<LlmTracing> tracing, WebhookSender sender, ApplicationEventPublisher events) {
		LlmObserveProperties.Alerts alerts = props.alerts();
		AlertDetector detector = alerts.errorRate().enabled() || alerts.latency().enabled()
				? new AlertDetector(alerts.errorRate(), alerts.latency(), alerts.interval(), System::currentTimeMillis,
						alert -> events.publishEvent((Object) alert))
				: null;
		return new LlmObserveInitializer(meters, props.tracing() ? tracing.getIfAvailable() : null,
				props.accessLog() ? new LlmAccessLog(props.logPrompts()) : null,
				new LlmCallbacks(props.callbacks(), sender, props.logPrompts()), detector);
	}

	private static MeterRegistry meterRegistry(ObjectProvider<MeterRegistry> registry) {
		// without Spring Boot's metrics auto-configuration the meters still work, they are just not exported
		return registry.getIfAvailable(SimpleMeterRegistry::new);
	}

	/** Spans only when Micrometer Tracing and a bridge (a {@link Tracer} bean) are present. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Tracer.class)
	static class Tracing {

		@Bean
		@ConditionalOnBean(Tracer.class)
		@ConditionalOnMissingBean
		LlmTracing llmTracing(Tracer tracer, LlmObserveProperties props) {
			return new LlmTracing(tracer, props.logPrompts());
		}
	}
}
