package io.llmgateway.gateway.observe;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import io.llmgateway.gateway.core.LlmAlert;
import io.llmgateway.gateway.core.LlmJson;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.context.event.EventListener;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Delivers {@link LlmAlert} application events (budget thresholds from spend, cooldowns from routing, error rate and
 * latency from {@link AlertDetector}) to the alert webhook as Slack-compatible JSON, at most once per
 * {@code conditionKey} per interval. Without a webhook the alert is logged on {@code llm.alerts}.
 */
public class LlmAlertNotifier {

	public static final String LOGGER = "llm.alerts";

	public static final String ALERTS = "llm.alerts";

	private static final Log log = LogFactory.getLog(LOGGER);

	private static final JsonMapper JSON = LlmJson.mapper();

	private final URI webhookUrl;

	private final WebhookSender sender;

	private final MeterRegistry registry;

	/** When each condition was last sent ({@link System#nanoTime}); a plain map, so alerts need no cache library. */
	private final ConcurrentHashMap<String, Long> lastSent = new ConcurrentHashMap<>();

	private final long intervalNanos;

	public LlmAlertNotifier(URI webhookUrl, Duration interval, WebhookSender sender, MeterRegistry registry) {
		this.webhookUrl = webhookUrl;
		this.sender = sender;
		this.registry = registry;
		this.intervalNanos = interval.toNanos();
	}

	/** True when {@code key} was not sent within the interval (and records it as sent now). */
	private boolean firstInInterval(String key) {
		long now = System.nanoTime();
		boolean[] first = { false };
		lastSent.compute(key, (k, at) -> {
			if (at != null && now - at < intervalNanos) {
				return at;
			}
			first[0] = true;
			return now;
		});
		if (lastSent.size() > 10_000) {
			lastSent.values().removeIf(at -> now - at >= intervalNanos);
		}
		return first[0];
	}

	@EventListener
	public void onAlert(LlmAlert alert) {
		String key = alert.conditionKey() == null ? alert.kind() : alert.conditionKey();
		if (!firstInInterval(key)) {
			count(alert, "suppressed");
			return;
		}
		String json = slackPayload(alert);
		log.warn(json);
		if (webhookUrl == null) {
			count(alert, "logged");
			return;
		}
		boolean queued = sender.submit(new WebhookSender.Delivery("alert", webhookUrl, Map.of(), json));
		count(alert, queued ? "queued" : "dropped");
	}

	static String slackPayload(LlmAlert alert) {
		StringBuilder text = new StringBuilder(":rotating_light: *LLM gateway alert* [").append(alert.kind())
			.append("] ").append(alert.message());
		new TreeMap<>(alert.details()).forEach((k, v) -> text.append("\n• ").append(k).append(": ").append(v));
		ObjectNode n = JSON.createObjectNode();
		n.put("text", text.toString());
		n.put("kind", alert.kind());
		n.put("condition", alert.conditionKey());
		n.put("at", alert.at().toString());
		return SecretRedactor.redact(JSON.writeValueAsString(n));
	}

	private void count(LlmAlert alert, String result) {
		Counter.builder(ALERTS).description("Operator alerts by kind and what happened to them")
			.tag("kind", String.valueOf(alert.kind())).tag("result", result).register(registry).increment();
	}
}
