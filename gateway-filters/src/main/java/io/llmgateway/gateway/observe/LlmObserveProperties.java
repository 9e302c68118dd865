package io.llmgateway.gateway.observe;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code llm.observe.*}: meters, traces, access logs, webhooks and alerts of every LLM request.
 *
 * @param enabled set false to attach nothing to LLM requests
 * @param teamTag add the caller's team as a meter tag (off by default: teams can be many)
 * @param maxTagValues distinct values kept per tag before further values are reported as {@code other}
 * @param accessLog write one JSON line per request to the {@code llm.access} logger
 * @param logPrompts include the request body and the answer in access logs, traces and callbacks (secrets are
 * redacted anyway)
 * @param tracing one span per request and per upstream attempt when a Micrometer {@code Tracer} is present
 * @param callbacks webhooks told about each finished request
 * @param callbackQueueSize pending webhook deliveries before new ones are dropped (counted)
 * @param callbackConcurrency webhook deliveries in flight at once
 * @param callbackTimeout time allowed for one webhook delivery
 * @param alerts operator alerts: where they go and what is detected here
 */
@ConfigurationProperties(LlmObserveProperties.PREFIX)
public record LlmObserveProperties(Boolean enabled, boolean teamTag, Integer maxTagValues, Boolean accessLog,
		boolean logPrompts, Boolean tracing, List<Callback> callbacks, Integer callbackQueueSize,
		Integer callbackConcurrency, Duration callbackTimeout, Alerts alerts) {

	public static final String PREFIX = "llm.observe";

	public LlmObserveProperties {
		enabled = enabled == null || enabled;
		maxTagValues = maxTagValues == null ? 100 : maxTagValues;
		accessLog = accessLog == null || accessLog;
		tracing = tracing == null || tracing;
		callbacks = callbacks == null ? List.of() : List.copyOf(callbacks);
		callbackQueueSize = callbackQueueSize == null ? 1000 : callbackQueueSize;
		callbackConcurrency = callbackConcurrency == null ? 4 : callbackConcurrency;
		callbackTimeout = callbackTimeout == null ? Duration.ofSeconds(10) : callbackTimeout;
		alerts = alerts == null ? new Alerts(null, null, null, null) : alerts;
		if (maxTagValues < 1) {
			throw new IllegalArgumentException("llm.observe.max-tag-values must be at least 1");
		}
		if (callbackQueueSize < 1 || callbackConcurrency < 1) {
			throw new IllegalArgumentException(
					"llm.observe.callback-queue-size and llm.observe.callback-concurrency must be at least 1");
		}
		for (int i = 0; i < callbacks.size(); i++) {
			if (callbacks.get(i).url() == null) {
				throw new IllegalArgumentException("llm.observe.callbacks[" + i + "].url is required");
			}
		}
	}

	/** The payload shape of a webhook. */
	public enum Format {
		/** The request summary as JSON (the access-log record without prompts unless enabled). */
		GENERIC,
		/** {@code {"text": "..."}}, accepted by Slack incoming webhooks and compatible tools. */
		SLACK
	}

	/** Which finished requests a webhook hears about. */
	public enum Event {
		SUCCESS, FAILURE;

		String wireName() {
			return name().toLowerCase(Locale.ROOT);
		}
	}

	/**
	 * One webhook.
	 * @param url where to POST
	 * @param format {@code generic} (default) or {@code slack}
	 * @param events {@code success}, {@code failure} (default: both)
	 * @param headers extra headers, e.g. an authorization for the receiver
	 */
	public record Callback(URI url, Format format, Set<Event> events, Map<String, String> headers) {

		public Callback {
			format = format == null ? Format.GENERIC : format;
			events = events == null || events.isEmpty() ? Set.of(Event.SUCCESS, Event.FAILURE) : Set.copyOf(events);
			headers = headers == null ? Map.of() : Map.copyOf(headers);
		}

		/** The receiver's credentials stay out of logs. */
		@Override
		public String toString() {
			return "Callback[url=" + url + ", format=" + format + ", events=" + events + "]";
		}
	}

	/**
	 * Operator alerts.
	 * @param webhookUrl Slack-compatible incoming webhook; without it alerts are only logged (logger
	 * {@code llm.alerts})
	 * @param interval the same condition is sent at most once per interval
	 * @param errorRate detection of a high share of server-side failures
	 * @param latency detection of a high p99 request duration
	 */
	public record Alerts(URI webhookUrl, Duration interval, ErrorRate errorRate, Latency latency) {

		public Alerts {
			interval = interval == null ? Duration.ofMinutes(10) : interval;
			errorRate = errorRate == null ? new ErrorRate(null, null, null, null) : errorRate;
			latency = latency == null ? new Latency(null, null, null, null) : latency;
		}
	}

	/**
	 * @param enabled detect it (default true)
	 * @param threshold share of requests failing with a 5xx (0..1) above which to alert
	 * @param window the sliding window
	 * @param minRequests requests in the window before the share means anything
	 */
	public record ErrorRate(Boolean enabled, Double threshold, Duration window, Integer minRequests) {

		public ErrorRate {
			enabled = enabled == null || enabled;
			threshold = threshold == null ? 0.5 : threshold;
			window = window == null ? Duration.ofMinutes(5) : window;
			minRequests = minRequests == null ? 20 : minRequests;
		}
	}

	/**
	 * @param enabled detect it (default true)
	 * @param p99 the request duration the 99th percentile must stay under
	 * @param window the sliding window
	 * @param minRequests requests in the window before the percentile means anything
	 */
	public record Latency(Boolean enabled, Duration p99, Duration window, Integer minRequests) {

		public Latency {
			enabled = enabled == null || enabled;
			p99 = p99 == null ? Duration.ofSeconds(60) : p99;
			window = window == null ? Duration.ofMinutes(5) : window;
			minRequests = minRequests == null ? 20 : minRequests;
		}
	}
}
