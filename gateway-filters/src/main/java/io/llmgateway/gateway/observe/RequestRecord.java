package io.llmgateway.gateway.observe;

import java.nio.charset.StandardCharsets;

import io.llmgateway.gateway.core.Identity;
import io.llmgateway.gateway.core.LlmExchange;
import io.llmgateway.gateway.core.LlmJson;
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

	private RequestRecord() {
	}

	static ObjectNode of(LlmExchange llm, RequestSummary s, boolean withPrompts) {
		ObjectNode n = JSON.createObjectNode();
		n.put("ts", s.receivedAt().toString());
		n.put("request_id", s.requestId());
		n.put("route", s.routeId());
		n.put("operation", s.operation());
		n.put("protocol", llm.clientProtocol() == null ? null : llm.clientProtocol().name().toLowerCase());
		n.put("stream", s.stream());
		Identity id = s.identity();
		if (id != null) {
			ObjectNode who = n.putObject("identity");
			who.put("key_id", id.keyId());
			who.put("key_alias", id.keyAlias());
			who.put("user", id.userId());
			who.put("team", id.teamId());
			if (llm.request() != null && llm.request().user() != null) {
				who.put("end_user", llm.request().user());
			}
		}
		n.put("model", s.requestedModel());
		n.put("alias", s.alias());
		n.put("provider", s.provider());
		n.put("deployment", s.deployment());
		n.put("provider_model", s.providerModel());
		n.put("status", s.status());
		n.put("outcome", s.outcome());
		if (s.error() != null) {
			ObjectNode err = n.putObject("error");
			err.put("type", s.errorType());
			err.put("code", s.error().code());
			err.put("message", s.error().message());
		}
		Usage u = s.usage();
		ObjectNode tokens = n.putObject("tokens");
		tokens.put("input", u.totalInputTokens());
		tokens.put("output", u.outputTokens());
		tokens.put("cache_read", u.cacheReadTokens());
		tokens.put("cache_write", u.cacheWriteTokens());
		tokens.put("reasoning", u.reasoningTokens());
		tokens.put("total", u.totalTokens());
		n.put("cost_usd", s.cost());
		n.put("cache", s.cache());
		if (s.cacheSaving() != null) {
			n.put("cache_saving_usd", s.cacheSaving());
		}
		n.put("attempts", s.attempts());
		n.put("retries", s.retries());
		n.put("fallback", s.fallbackUsed());
		ObjectNode t = n.putObject("timings_ms");
		t.put("total", millis(s.totalNanos()));
		t.put("upstream", millis(s.upstreamNanos()));
		t.put("overhead", millis(s.overheadNanos()));
		if (s.ttftNanos() >= 0) {
			t.put("first_byte", millis(s.ttftNanos()));
		}
		if (s.upstreamFirstByteNanos() >= 0) {
			t.put("upstream_first_byte", millis(s.upstreamFirstByteNanos()));
		}
		if (withPrompts) {
			if (llm.rawBody() != null) {
				n.put("request_body", new String(llm.rawBody(), StandardCharsets.UTF_8));
			}
			String answer = answerText(llm.response());
			if (answer != null) {
				n.put("response_text", answer);
			}
		}
		return n;
	}

	/** Serializes and redacts: the one way a record leaves the process. */
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

	private static double millis(long nanos) {
		return Math.round(nanos / 10_000.0) / 100.0;
	}
}
