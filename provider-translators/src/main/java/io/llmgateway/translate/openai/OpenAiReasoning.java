package io.llmgateway.translate.openai;

import java.util.Locale;

import io.llmgateway.translate.Protocol;
import io.llmgateway.translate.model.ChatRequest;

/**
 * {@code reasoning_effort} for a request that did not come from an OpenAI client: the client's effort (Anthropic
 * {@code output_config.effort}, {@code max} becoming {@code xhigh}) or, without one, the effort closest to a manual
 * thinking budget ({@code ≤ 2048} low, {@code ≤ 8192} medium, above high). Adaptive thinking without an effort is
 * the model's default, so nothing is sent. Only reasoning models take the field (OpenAI answers 400 for GPT-4o and
 * GPT-4.1), so for other models the effort is dropped and reported like a client hint: Claude Code sends an effort
 * on every call, whatever model its alias maps to.
 */
final class OpenAiReasoning {

	private OpenAiReasoning() {
	}

	static String effortFor(ChatRequest request, String model) {
		String effort = request.reasoningEffort();
		String source = request.clientProtocol() == Protocol.OPENAI_RESPONSES ? "reasoning.effort"
				: "output_config.effort";
		if (effort == null && request.thinkingRequested()) {
			long budget = request.thinking().path("budget_tokens").asLong(0);
			source = "thinking";
			if (budget > 0) {
				effort = budget <= 2048 ? "low" : budget <= 8192 ? "medium" : "high";
			}
		}
		if (request.thinking() != null && request.thinking().has("display")) {
			request.droppedParams().add("thinking.display");
		}
		if (effort == null) {
			return null;
		}
		if (!isReasoningModel(model)) {
			request.droppedParams().add(source);
			return null;
		}
		return effort.equals("max") ? "xhigh" : effort;
	}

	/** OpenAI's reasoning families (o-series, GPT-5, gpt-oss, Codex), with or without a provider prefix. */
	static boolean isReasoningModel(String model) {
		String m = model.toLowerCase(Locale.ROOT);
		int slash = m.lastIndexOf('/');
		if (slash >= 0) {
			m = m.substring(slash + 1);
		}
		return m.startsWith("o1") || m.startsWith("o3") || m.startsWith("o4") || m.startsWith("gpt-5")
				|| m.startsWith("gpt-oss") || m.startsWith("codex");
	}
}
