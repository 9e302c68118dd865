package io.llmgateway.gateway.observe;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import io.llmgateway.gateway.core.Attempt;
import io.llmgateway.gateway.core.Completion;
import io.llmgateway.gateway.core.Deployment;
import io.llmgateway.gateway.core.LlmExchange;
import io.llmgateway.translate.model.ChatResponse;
import io.llmgateway.translate.model.ContentPart;
import io.llmgateway.translate.model.ErrorType;
import io.llmgateway.translate.model.LlmError;
import io.llmgateway.translate.model.StopReason;
import io.llmgateway.translate.model.Usage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LlmTracingTests {

	private final InMemorySpanExporter exporter = InMemorySpanExporter.create();

	private final SdkTracerProvider provider = SdkTracerProvider.builder()
		.addSpanProcessor(SimpleSpanProcessor.create(exporter))
		.build();

	private final Tracer tracer = new OtelTracer(provider.get("test"), new OtelCurrentTraceContext(), event -> {
	});

	@AfterEach
	void close() {
		provider.close();
	}

	private LlmObserveInitializer observe(boolean withPrompts) {
		return new LlmObserveInitializer(new LlmMeters(new SimpleMeterRegistry(), new BoundedTagValues(10), false),
				new LlmTracing(tracer, withPrompts), null, null, null);
	}

	private LlmExchange finishedWithFallback(LlmObserveInitializer observe) {
		Deployment primary = TestExchanges.deployment("gpt-4o", "openai", "gpt-4o-2024-08-06", "gpt-4o#0");
		Deployment backup = TestExchanges.deployment("gpt-4o", "anthropic", "claude-sonnet-4-5", "gpt-4o#1");
		LlmExchange llm = TestExchanges.chat("req-1", "gpt-4o", false);
		observe.initialize(llm, null);
		llm.group(TestExchanges.group(primary, backup));
		long t0 = llm.receivedNanos();
		llm.addAttempt(new Attempt(primary, t0 + 1_000_000, t0 + 3_000_000, 500,
				LlmError.of(ErrorType.SERVER_ERROR, "upstream failed, key sk-provider-secret-0123456789")));
		llm.addAttempt(new Attempt(backup, t0 + 3_000_000, t0 + 9_000_000, 200, null));
		llm.deployment(backup);
		llm.status(200);
		llm.usage(new Usage(12, 7, 0, 0, 0));
		llm.cost(new BigDecimal("0.001"));
		llm.response(new ChatResponse("msg_1", "claude-sonnet-4-5-20250929",
				List.of(new ContentPart.Text("the llama answer")), StopReason.END_TURN, new Usage(12, 7, 0, 0, 0), 0));
		llm.complete(Completion.SUCCESS);
		return llm;
	}

	@Test
	void oneSpanPerRequestAndOnePerAttemptWithGenAiAttributes() {
		Span server = tracer.nextSpan().name("http post").start();
		LlmObserveInitializer observe = observe(false);
		try (Tracer.SpanInScope ignored = tracer.withSpan(server)) {
			finishedWithFallback(observe);
		}
		server.end();

		List<SpanData> spans = exporter.getFinishedSpanItems();
		SpanData request = spans.stream().filter(s -> s.getName().equals("chat gpt-4o")).findFirst().orElseThrow();
		assertThat(request.getParentSpanId()).isEqualTo(server.context().spanId());
		assertThat(request.getAttributes().asMap()).containsEntry(AttributeKey.stringKey("gen_ai.system"), "anthropic")
			.containsEntry(AttributeKey.stringKey("gen_ai.request.model"), "gpt-4o")
			.containsEntry(AttributeKey.stringKey("gen_ai.response.model"), "claude-sonnet-4-5-20250929")
			.containsEntry(AttributeKey.longKey("gen_ai.usage.input_tokens"), 12L)
			.containsEntry(AttributeKey.longKey("gen_ai.usage.output_tokens"), 7L)
			.containsEntry(AttributeKey.stringKey("gen_ai.response.finish_reasons"), "end_turn")
			.containsEntry(AttributeKey.longKey("gen_ai.request.max_tokens"), 100L)
			.containsEntry(AttributeKey.longKey("llm.retries"), 1L);
		assertThat(request.getAttributes().asMap().keySet()).extracting(AttributeKey::getKey)
			.doesNotContain("gen_ai.prompt", "gen_ai.completion");

		List<SpanData> attempts = spans.stream().filter(s -> s.getKind() == SpanKind.CLIENT).toList();
		assertThat(attempts).hasSize(2);
		assertThat(attempts).allSatisfy(a -> assertThat(a.getParentSpanId()).isEqualTo(request.getSpanId()));
		SpanData failed = attempts.stream().filter(a -> a.getName().equals("chat gpt-4o-2024-08-06")).findFirst()
			.orElseThrow();
		assertThat(failed.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
		assertThat(failed.getAttributes().asMap()).containsEntry(AttributeKey.stringKey("error.type"), "server_error");
		assertThat(failed.getEvents().toString()).doesNotContain("sk-provider-secret");
		// recorded times, not the time of completion: the failed attempt lasted 2 ms, the second 6 ms
		assertThat(failed.getEndEpochNanos() - failed.getStartEpochNanos()).isBetween(1_900_000L, 2_100_000L);
		assertThat(request.getStartEpochNanos()).isLessThanOrEqualTo(failed.getStartEpochNanos());
	}

	@Test
	void promptTextOnlyWhenEnabledAndRedacted() {
		finishedWithFallback(observe(true));
		SpanData request = exporter.getFinishedSpanItems().stream().filter(s -> s.getName().equals("chat gpt-4o"))
			.findFirst().orElseThrow();
		Map<AttributeKey<?>, Object> attributes = request.getAttributes().asMap();
		assertThat((String) attributes.get(AttributeKey.stringKey("gen_ai.prompt"))).contains(TestExchanges.PROMPT);
		assertThat((String) attributes.get(AttributeKey.stringKey("gen_ai.completion"))).isEqualTo("the llama answer");
	}
}
