package io.llmgateway.gateway.observe;

import io.llmgateway.gateway.core.CompletionListener;
import io.llmgateway.gateway.core.LlmExchange;
import io.llmgateway.gateway.core.LlmExchangeInitializer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.web.server.ServerWebExchange;

/**
 * Attaches observability to every LLM request: one {@link CompletionListener} at
 * {@link CompletionListener#OBSERVE_ORDER} (after spend has set the cost) that records meters, the span, the access
 * log line, callbacks and alert detection. Each part is isolated so one failing does not silence the others.
 */
public class LlmObserveInitializer implements LlmExchangeInitializer {

	private static final Log log = LogFactory.getLog(LlmObserveInitializer.class);

	private final LlmMeters meters;

	private final LlmTracing tracing;

	private final LlmAccessLog accessLog;

	private final LlmCallbacks callbacks;

	private final AlertDetector alerts;

	/** Any argument but {@code meters} may be null: that part is off. */
	public LlmObserveInitializer(LlmMeters meters, LlmTracing tracing, LlmAccessLog accessLog, LlmCallbacks callbacks,
			AlertDetector alerts) {
		this.meters = meters;
		this.tracing = tracing;
		this.accessLog = accessLog;
		this.callbacks = callbacks == null || callbacks.isEmpty() ? null : callbacks;
		this.alerts = alerts;
	}

	@Override
	public void initialize(LlmExchange llm, ServerWebExchange exchange) {
		if (tracing != null) {
			safely("tracing", () -> tracing.capture(llm, exchange));
		}
		llm.onComplete(new Listener());
	}

	private void observe(LlmExchange llm) {
		RequestSummary s = RequestSummary.of(llm);
		safely("meters", () -> meters.record(llm, s));
		if (tracing != null) {
			safely("tracing", () -> tracing.record(llm, s));
		}
		if (accessLog != null) {
			safely("access log", () -> accessLog.log(llm, s));
		}
		if (callbacks != null) {
			safely("callbacks", () -> callbacks.dispatch(llm, s));
		}
		if (alerts != null) {
			safely("alerts", () -> alerts.record(s));
		}
	}

	private static void safely(String part, Runnable action) {
		try {
			action.run();
		}
		catch (RuntimeException ex) {
			log.warn("Observability (" + part + ") failed: " + ex);
		}
	}

	private final class Listener implements CompletionListener {

		@Override
		public void onComplete(LlmExchange exchange) {
			observe(exchange);
		}

		@Override
		public int order() {
			return OBSERVE_ORDER;
		}
	}
}
