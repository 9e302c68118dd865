package io.llmgateway.gateway.observe;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import io.llmgateway.gateway.core.AttributeKeys;
import io.llmgateway.gateway.core.Attempt;
import io.llmgateway.gateway.core.LlmExchange;
import io.llmgateway.translate.model.ChatRequest;
import io.llmgateway.translate.model.ChatResponse;
import io.llmgateway.translate.model.ContentPart;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.TracingObservationHandler;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.web.server.ServerWebExchange;

/**
 * One span per LLM request and one child span per upstream attempt, through Micrometer Tracing (so OpenTelemetry or
 * Brave, whichever bridge the application has). Spans are written when the exchange completes, with the recorded
 * start and end times, so nothing on the request path waits on tracing; the parent is the server span of the HTTP
 * request. Attributes follow the OpenTelemetry GenAI conventions; prompt and answer text only with
 * {@code llm.observe.log-prompts: true}, redacted.
 */
public class LlmTracing {

	private static final String PARENT = AttributeKeys.of(LlmTracing.class, "parent");

	private final Tracer tracer;

	private final boolean withPrompts;

	public LlmTracing(Tracer tracer, boolean withPrompts) {
		this.tracer = tracer;
		this.withPrompts = withPrompts;
	}

	/** Remembers the server span of this HTTP request (or the current span) as the parent of the LLM spans. */
	public void capture(LlmExchange llm, ServerWebExchange exchange) {
		TraceContext parent = exchange == null ? null
				: ServerRequestObservationContext.findCurrent(exchange.getAttributes())
			.map(ctx -> (TracingObservationHandler.TracingContext) ctx.get(TracingObservationHandler.TracingContext.class))
			.map(TracingObservationHandler.TracingContext::getSpan)
			.map(Span::context)
			.orElse(null);
		if (parent == null) {
			parent = tracer.currentTraceContext().context();
		}
		if (parent != null) {
			llm.attributes().put(PARENT, parent);
		}
	}

	public void record(LlmExchange llm, RequestSummary s) {
		long epochMicrosAtReceive = s.receivedAt().getEpochSecond() * 1_000_000 + s.receivedAt().getNano() / 1_000;
		Span.Builder builder = tracer.spanBuilder();
		if (llm.attributes().get(PARENT) instanceof TraceContext parent) {
			builder.setParent(parent);
		}
		ChatRequest request = llm.request();
		ChatResponse response = llm.response();
		builder.name(s.operation() + " " + (s.requestedModel() == null ? s.alias() : s.requestedModel()))
			.startTimestamp(epochMicrosAtReceive, TimeUnit.MICROSECONDS)
			.tag("gen_ai.operation.name", s.operation())
			.tag("gen_ai.system", s.provider())
			.tag("llm.alias", s.alias())
			.tag("llm.deployment", s.deployment())
			.tag("llm.route", s.routeId())
			.tag("llm.request_id", s.requestId())
			.tag("llm.cache", s.cache())
			.tag("llm.outcome", s.outcome())
			.tag("llm.retries", (long) s.retries())
			.tag("llm.fallback", s.fallbackUsed())
			.tag("http.response.status_code", (long) s.status())
			.tag("gen_ai.usage.input_tokens", s.usage().totalInputTokens())
			.tag("gen_ai.usage.output_tokens", s.usage().outputTokens());
		if (s.requestedModel() != null) {
			builder.tag("gen_ai.request.model", s.requestedModel());
		}
		String responseModel = response != null && response.model() != null ? response.model() : s.providerModel();
		if (responseModel != null) {
			builder.tag("gen_ai.response.model", responseModel);
		}
		if (response != null && response.stopReason() != null) {
			builder.tag("gen_ai.response.finish_reasons", response.stopReason().name().toLowerCase(Locale.ROOT));
		}
		if (response != null && response.id() != null) {
			builder.tag("gen_ai.response.id", response.id());
		}
		if (request != null) {
			if (request.maxTokens() != null) {
				builder.tag("gen_ai.request.max_tokens", (long) request.maxTokens());
			}
			if (request.temperature() != null) {
				builder.tag("gen_ai.request.temperature", request.temperature());
			}
			if (request.topP() != null) {
				builder.tag("gen_ai.request.top_p", request.topP());
			}
		}
		if (s.cost() != null) {
			builder.tag("llm.cost_usd", s.cost().doubleValue());
		}
		if (!RequestSummary.NONE.equals(s.errorType())) {
			builder.tag("error.type", s.errorType());
		}
		if (withPrompts) {
			if (llm.rawBody() != null) {
				builder.tag("gen_ai.prompt", SecretRedactor.redact(new String(llm.rawBody(), StandardCharsets.UTF_8)));
			}
			String answer = text(response);
			if (answer != null) {
				builder.tag("gen_ai.completion", SecretRedactor.redact(answer));
			}
		}
		Span span = builder.start();
		if (s.error() != null) {
			span.error(new LlmSpanError(s.errorType() + ": " + SecretRedactor.redact(s.error().message())));
		}
		int index = 0;
		for (Attempt a : llm.attempts()) {
			recordAttempt(span.context(), a, index++, s, epochMicrosAtReceive, llm.receivedNanos());
		}
		span.end(epochMicrosAtReceive + s.totalNanos() / 1_000, TimeUnit.MICROSECONDS);
	}

	private void recordAttempt(TraceContext parent, Attempt a, int index, RequestSummary s, long epochMicrosAtReceive,
			long receivedNanos) {
		String provider = a.deployment() == null ? RequestSummary.NONE : a.deployment().provider();
		String model = a.deployment() == null ? null : a.deployment().model();
		Span.Builder builder = tracer.spanBuilder()
			.setParent(parent)
			.kind(Span.Kind.CLIENT)
			.name(s.operation() + " " + (model == null ? provider : model))
			.remoteServiceName(provider)
			.startTimestamp(epochMicrosAtReceive + (a.startNanos() - receivedNanos) / 1_000, TimeUnit.MICROSECONDS)
			.tag("gen_ai.operation.name", s.operation())
			.tag("gen_ai.system", provider)
			.tag("llm.attempt", (long) index)
			.tag("http.response.status_code", (long) a.status());
		if (model != null) {
			builder.tag("gen_ai.request.model", model);
		}
		if (a.deployment() != null) {
			builder.tag("llm.deployment", a.deployment().id());
		}
		if (a.error() != null && a.error().type() != null) {
			builder.tag("error.type", a.error().type().name().toLowerCase(Locale.ROOT));
		}
		Span span = builder.start();
		if (a.error() != null) {
			span.error(new LlmSpanError(SecretRedactor.redact(String.valueOf(a.error().message()))));
		}
		span.end(epochMicrosAtReceive + (a.endNanos() - receivedNanos) / 1_000, TimeUnit.MICROSECONDS);
	}

	private static String text(ChatResponse response) {
		if (response == null) {
			return null;
		}
		StringBuilder sb = new StringBuilder();
		for (ContentPart part : response.content()) {
			if (part instanceof ContentPart.Text t) {
				sb.append(t.text());
			}
		}
		return sb.toString();
	}

	/** Marks a span as failed without the cost of a stack trace. */
	static final class LlmSpanError extends RuntimeException {

		LlmSpanError(String message) {
			super(message, null, false, false);
		}
	}
}
