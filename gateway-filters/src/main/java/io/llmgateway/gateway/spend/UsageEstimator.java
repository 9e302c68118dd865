package io.llmgateway.gateway.spend;

import java.util.List;

import io.llmgateway.gateway.core.StreamedOutputMeter;
import io.llmgateway.gateway.core.TokenEstimator;
import io.llmgateway.translate.model.ChatRequest;
import io.llmgateway.translate.model.ContentPart;
import io.llmgateway.translate.model.Message;
import io.llmgateway.translate.model.Usage;

/**
 * Estimates the usage of a stream that ended before the provider reported it (a client that went away, an upstream
 * cut): prompt tokens from the canonical request and output tokens from the text already sent, counted with the
 * {@code o200k_base} tokenizer (exact for current OpenAI models, close for others) when jtokkit is present, else
 * with the {@link TokenEstimator}'s characters-per-token heuristic. Reported figures always win; the
 * estimate only fills the classes the provider left at zero, and the ledger row is marked as estimated.
 */
final class UsageEstimator {

	private static final int TOKENS_PER_MESSAGE = 3;

	private static final int IMAGE_TOKENS = 765;

	/** Counts as for a current OpenAI model: its tokenizer, loaded on the first stream that needs an estimate. */
	private static final String COUNTING_MODEL = "gpt-4o";

	private final TokenEstimator tokens = TokenEstimator.standard();

	/** The reported usage completed by estimates, or null when nothing needed estimating. */
	Usage complete(Usage reported, ChatRequest request, StreamedOutputMeter meter) {
		Usage u = reported == null ? Usage.ZERO : reported;
		boolean noInput = u.totalInputTokens() == 0;
		boolean noOutput = u.outputTokens() == 0 && meter != null && meter.chars() > 0;
		if (!noInput && !noOutput) {
			return null;
		}
		long input = noInput && request != null ? prompt(request) : u.inputTokens();
		long output = noOutput ? output(meter) : u.outputTokens();
		return new Usage(input, output, u.cacheReadTokens(), u.cacheWriteTokens(), noOutput ? 0 : u.reasoningTokens());
	}

	long output(StreamedOutputMeter meter) {
		String text = meter.text();
		long tokens = count(text);
		long uncaptured = meter.chars() - text.length();
		// beyond the capture limit, continue at the captured text's own characters-per-token ratio
		return uncaptured <= 0 || text.isEmpty() ? tokens
				: tokens + (long) Math.ceil(uncaptured * (double) Math.max(1, tokens) / text.length());
	}

	long prompt(ChatRequest request) {
		long tokens = 3;
		if (!request.system().isEmpty()) {
			tokens += TOKENS_PER_MESSAGE + parts(request.system());
		}
		for (Message m : request.messages()) {
			tokens += TOKENS_PER_MESSAGE + parts(m.content());
		}
		return tokens;
	}

	private long parts(List<ContentPart> parts) {
		long tokens = 0;
		for (ContentPart p : parts) {
			if (p instanceof ContentPart.Text t) {
				tokens += count(t.text());
			}
			else if (p instanceof ContentPart.ToolCall c) {
				tokens += count(c.name()) + count(c.argumentsJson());
			}
			else if (p instanceof ContentPart.ToolResult r) {
				tokens += parts(r.content());
			}
			else if (p instanceof ContentPart.Thinking th) {
				tokens += count(th.text());
			}
			else {
				tokens += IMAGE_TOKENS;
			}
		}
		return tokens;
	}

	private long count(String text) {
		return tokens.count(text, COUNTING_MODEL);
	}
}
