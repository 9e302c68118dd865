package io.llmgateway.gateway.observe;

import java.util.List;

import io.llmgateway.gateway.core.LlmExchange;
import io.llmgateway.gateway.core.LlmJson;
import io.llmgateway.gateway.observe.LlmObserveProperties.Callback;
import io.llmgateway.gateway.observe.LlmObserveProperties.Event;
import io.llmgateway.gateway.observe.LlmObserveProperties.Format;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Success and failure callbacks ({@code llm.observe.callbacks[]}): builds the payload on the completing thread (cheap)
 * and hands it to the {@link WebhookSender} queue; the request never waits for a receiver.
 */
public class LlmCallbacks {

	private static final JsonMapper JSON = LlmJson.mapper();

	private final List<Callback> callbacks;

	private final WebhookSender sender;

	private final boolean withPrompts;

	public LlmCallbacks(List<Callback> callbacks, WebhookSender sender, boolean withPrompts) {
		this.callbacks = callbacks;
		this.sender = sender;
		this.withPrompts = withPrompts;
	}

	public boolean isEmpty() {
		return callbacks.isEmpty();
	}

	public void dispatch(LlmExchange llm, RequestSummary s) {
		// a client that went away is neither: nothing was answered and nothing failed upstream
		Event event = s.succeeded() ? Event.SUCCESS : "failed".equals(s.outcome()) ? Event.FAILURE : null;
		if (event == null) {
			return;
		}
		String generic = null;
		String slack = null;
		for (Callback cb : callbacks) {
			if (!cb.events().contains(event)) {
				continue;
			}
			String json;
			if (cb.format() == Format.SLACK) {
				slack = slack != null ? slack : slackPayload(event, s);
				json = slack;
			}
			else {
				if (generic == null) {
					generic = RequestRecord.line(llm, s, withPrompts, event.wireName());
				}
				json = generic;
			}
			sender.submit(new WebhookSender.Delivery("callback", cb.url(), cb.headers(), json));
		}
	}

	static String slackPayload(Event event, RequestSummary s) {
		StringBuilder text = new StringBuilder();
		text.append(event == Event.SUCCESS ? ":white_check_mark: LLM request succeeded" : ":x: LLM request failed");
		text.append(" | model ").append(s.alias());
		text.append(" | deployment ").append(s.deployment());
		text.append(" | status ").append(s.status());
		if (s.error() != null) {
			text.append(" | ").append(s.errorType()).append(": ").append(s.error().message());
		}
		text.append(" | tokens ").append(s.usage().totalInputTokens()).append(" in / ")
			.append(s.usage().outputTokens()).append(" out");
		if (s.cost() != null) {
			text.append(" | cost $").append(s.cost().toPlainString());
		}
		text.append(" | ").append(s.totalNanos() / 1_000_000).append(" ms");
		text.append(" | request ").append(s.requestId());
		ObjectNode n = JSON.createObjectNode();
		n.put("text", text.toString());
		return RequestRecord.toLine(n);
	}
}
