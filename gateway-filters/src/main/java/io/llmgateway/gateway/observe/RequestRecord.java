package io.llmgateway.gateway.observe;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

import io.llmgateway.gateway.core.Identity;
import io.llmgateway.gateway.core.LlmExchange;
import io.llmgateway.gateway.core.LlmJson;
import io.llmgateway.translate.Protocol;
import io.llmgateway.translate.model.ChatResponse;
import io.llmgateway.translate.model.ContentPart;
import io.llmgateway.translate.model.Usage;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON record of one finished request, shared by the access log and generic webhooks: ids, identity (never the
 * key itself), model, deployment, tokens, cost, timings, status and cache. The prompt and the answer are included
 * only when asked for; the serialized line is always passed through {@link SecretRedactor}.
 */
final class RequestRecord {

	private static final JsonMapper JSON = LlmJson.mapper();

	private static final String[] PROTOCOLS = lowerCaseNames(Protocol.values());

	private RequestRecord() {
	}

	/** The redacted JSON record, with {@code "event"} last when {@code event} is not null (callbacks). */
	static String line(LlmExchange llm, RequestSummary s, boolean withPrompts, String event) {
		JsonLine n = new JsonLine(withPrompts && llm.rawBody() != null ? 1024 + 2 * llm.rawBody().length : 1024);
		n.field("ts", s.receivedAt());
		n.field("request_id", s.requestId());
		n.field("route", s.routeId());
		n.field("operation", s.operation());
		n.field("protocol", llm.clientProtocol() == null ? null : PROTOCOLS[llm.clientProtocol().ordinal()]);
		n.field("stream", s.stream());
		Identity id = s.identity();
		if (id != null) {
			n.object("identity");
			n.field("key_id", id.keyId());
			n.field("key_alias", id.keyAlias());
			n.field("user", id.userId());
			n.field("team", id.teamId());
			if (llm.request() != null && llm.request().user() != null) {
				n.field("end_user", llm.request().user());
			}
			n.end();
		}
		n.field("model", s.requestedModel());
		n.field("alias", s.alias());
		n.field("provider", s.provider());
		n.field("deployment", s.deployment());
		n.field("provider_model", s.providerModel());
		n.field("status", s.status());
		n.field("outcome", s.outcome());
		if (s.error() != null) {
			n.object("error");
			n.field("type", s.errorType());
			n.field("code", s.error().code());
			n.field("message", s.error().message());
			n.end();
		}
		Usage u = s.usage();
		n.object("tokens");
		n.field("input", u.totalInputTokens());
		n.field("output", u.outputTokens());
		n.field("cache_read", u.cacheReadTokens());
		n.field("cache_write", u.cacheWriteTokens());
		n.field("reasoning", u.reasoningTokens());
		n.field("total", u.totalTokens());
		n.end();
		n.field("cost_usd", s.cost());
		n.field("cache", s.cache());
		if (s.cacheSaving() != null) {
			n.field("cache_saving_usd", s.cacheSaving());
		}
		n.field("attempts", s.attempts());
		n.field("retries", s.retries());
		n.field("fallback", s.fallbackUsed());
		n.object("timings_ms");
		n.field("total", millis(s.totalNanos()));
		n.field("upstream", millis(s.upstreamNanos()));
		n.field("overhead", millis(s.overheadNanos()));
		if (s.ttftNanos() >= 0) {
			n.field("first_byte", millis(s.ttftNanos()));
		}
		if (s.upstreamFirstByteNanos() >= 0) {
			n.field("upstream_first_byte", millis(s.upstreamFirstByteNanos()));
		}
		n.end();
		if (withPrompts) {
			if (llm.rawBody() != null) {
				n.field("request_body", new String(llm.rawBody(), StandardCharsets.UTF_8));
			}
			String answer = answerText(llm.response());
			if (answer != null) {
				n.field("response_text", answer);
			}
		}
		if (event != null) {
			n.field("event", event);
		}
		return SecretRedactor.redact(n.finish());
	}

	/** Serializes and redacts: the way any other JSON payload leaves the process. */
	static String toLine(ObjectNode record) {
		return SecretRedactor.redact(JSON.writeValueAsString(record));
	}

	private static String answerText(ChatResponse response) {
		if (response == null) {
			return null;
		}
		StringBuilder sb = new StringBuilder();
		for (ContentPart part : response.content()) {
			if (part instanceof ContentPart.Text text) {
				sb.append(text.text());
			}
			else if (part instanceof ContentPart.ToolCall call) {
				sb.append("[tool_call ").append(call.name()).append(' ').append(call.argumentsJson()).append(']');
			}
		}
		return sb.toString();
	}

	private static String[] lowerCaseNames(Protocol[] values) {
		String[] names = new String[values.length];
		for (int i = 0; i < values.length; i++) {
			names[i] = values[i].name().toLowerCase(Locale.ROOT);
		}
		return names;
	}

	private static double millis(long nanos) {
		return Math.round(nanos / 10_000.0) / 100.0;
	}
}
