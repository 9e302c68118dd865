package io.llmgateway.gateway.observe;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
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

	private final Cache<String, Instant> recentlySent;

	public LlmAlertNotifier(URI webhookUrl, Duration interval, WebhookSender sender, MeterRegistry registry) {
		this.webhookUrl = webhookUrl;
		this.sender = sender;
		this.registry = registry;
		this.recentlySent = Caffeine.newBuilder().expireAfterWrite(interval).maximumSize(10_000).build();
	}

	@EventListener
	public void onAlert(LlmAlert alert) {
		String key = alert.conditionKey() == null ? alert.kind() : alert.conditionKey();
		if (recentlySent.asMap().putIfAbsent(key, alert.at()) != null) {
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
