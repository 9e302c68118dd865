package io.llmgateway.gateway.observe;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class LlmObserveAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LlmObserveAutoConfiguration.class))
		.withBean(MeterRegistry.class, SimpleMeterRegistry::new);

	@Test
	void wiresTheInitializerWithoutTracing() {
		runner.run(ctx -> {
			assertThat(ctx).hasSingleBean(LlmObserveInitializer.class).hasSingleBean(DeploymentStateGauges.class)
				.hasSingleBean(LlmAlertNotifier.class).doesNotHaveBean(LlmTracing.class);
		});
	}

	@Test
	void tracingWhenATracerExists() {
		runner.withBean(Tracer.class,
				() -> new OtelTracer(SdkTracerProvider.builder().build().get("t"), new OtelCurrentTraceContext(),
						e -> {
						}))
			.run(ctx -> assertThat(ctx).hasSingleBean(LlmTracing.class));
	}

	@Test
	void switchedOff() {
		runner.withPropertyValues("llm.observe.enabled=false")
			.run(ctx -> assertThat(ctx).doesNotHaveBean(LlmObserveInitializer.class));
	}

	@Test
	void bindsCallbacksAndAlerts() {
		runner.withPropertyValues("llm.observe.callbacks[0].url=http://127.0.0.1:9/hook",
				"llm.observe.callbacks[0].format=slack", "llm.observe.callbacks[0].events=failure",
				"llm.observe.alerts.webhook-url=http://127.0.0.1:9/alerts", "llm.observe.alerts.latency.p99=5s")
			.run(ctx -> {
				LlmObserveProperties props = ctx.getBean(LlmObserveProperties.class);
				assertThat(props.callbacks()).singleElement().satisfies(cb -> {
					assertThat(cb.format()).isEqualTo(LlmObserveProperties.Format.SLACK);
					assertThat(cb.events()).containsExactly(LlmObserveProperties.Event.FAILURE);
				});
				assertThat(props.alerts().latency().p99()).hasSeconds(5);
			});
	}
}
