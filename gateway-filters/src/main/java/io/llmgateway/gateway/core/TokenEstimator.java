package io.llmgateway.gateway.core;

import io.llmgateway.translate.model.ChatRequest;
import org.springframework.util.ClassUtils;

/**
 * Counts the prompt tokens of a canonical request before it is sent, for the features that must decide before the
 * provider reports usage: rate-limit reservations, spend holds, routing's context-window check, the local
 * {@code count_tokens} answer. Thread-safe.
 * <p>
 * {@link #standard} picks the best available: with jtokkit on the classpath, exact counts (up to the chat-format
 * overhead) for OpenAI-family models ({@link JtokkitTokenEstimator}); without it, and for every other model, whose
 * tokenizers are not public, the documented heuristic of {@link HeuristicTokenEstimator}.
 */
public interface TokenEstimator {

	/** Where {@link #promptTokens(LlmExchange, String)} keeps its count. */
	String PROMPT_TOKENS_ATTRIBUTE = AttributeKeys.of(TokenEstimator.class, "promptTokens");

	/**
	 * Estimated prompt tokens of {@code request} when sent to {@code model} (a provider model id or an alias; it only
	 * selects the tokenizer).
	 */
	long estimatePrompt(ChatRequest request, String model);

	/** Tokens of a plain text for {@code model}'s tokenizer (or the character estimate). */
	long count(String text, String model);

	/** True when the count for {@code model} is the tokenizer's own, false when it is an estimate. */
	boolean isExact(String model);

	/**
	 * The estimated prompt tokens of the exchange's request, computed once and kept in
	 * {@link LlmExchange#attributes()} under {@link #PROMPT_TOKENS_ATTRIBUTE}, so the rate limiter and routing's
	 * context-window check count a prompt only once.
	 */
	default long promptTokens(LlmExchange llm, String model) {
		Object known = llm.attributes().get(PROMPT_TOKENS_ATTRIBUTE);
		if (known instanceof Long tokens) {
			return tokens;
		}
		long tokens = llm.request() == null ? 0 : estimatePrompt(llm.request(), model);
		llm.attributes().put(PROMPT_TOKENS_ATTRIBUTE, tokens);
		return tokens;
	}

	/**
	 * The output tokens to expect: {@code max_tokens} times the number of choices, or {@code defaultTokens} when the
	 * request sets no limit.
	 */
	static long expectedOutput(ChatRequest request, long defaultTokens) {
		long perChoice = request.maxTokens() != null && request.maxTokens() > 0 ? request.maxTokens() : defaultTokens;
		int n = request.n() != null && request.n() > 1 ? request.n() : 1;
		return perChoice * n;
	}

	/** True when jtokkit (the OpenAI tokenizers) is on the classpath. */
	static boolean tokenizerPresent() {
		return ClassUtils.isPresent(JtokkitTokenEstimator.LIBRARY_CLASS, TokenEstimator.class.getClassLoader());
	}

	/**
	 * The estimator for these settings: jtokkit's tokenizers for OpenAI models when the library is present, else the
	 * heuristic for every model.
	 * @param charsPerToken characters per token of the heuristic
	 * @param imageTokens the fixed count of an image or document
	 */
	static TokenEstimator standard(double charsPerToken, int imageTokens) {
		return tokenizerPresent() ? new JtokkitTokenEstimator(charsPerToken, imageTokens)
				: new HeuristicTokenEstimator(charsPerToken, imageTokens);
	}

	/** {@link #standard(double, int)} with the defaults: 4 characters per token, 765 tokens per image. */
	static TokenEstimator standard() {
		return standard(HeuristicTokenEstimator.DEFAULT_CHARS_PER_TOKEN, HeuristicTokenEstimator.DEFAULT_IMAGE_TOKENS);
	}
}
