package io.llmgateway.gateway.ratelimit;

import java.util.List;
import java.util.Locale;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import io.llmgateway.gateway.core.LlmExchange;
import io.llmgateway.translate.model.ChatRequest;
import io.llmgateway.translate.model.ContentPart;
import io.llmgateway.translate.model.Message;
import io.llmgateway.translate.model.ToolDefinition;

/**
 * Counts the prompt tokens of a canonical request before it is sent: exactly (up to the chat-format overhead) with
 * jtokkit for OpenAI-family models, and as {@code ceil(characters / charsPerToken)} for every other model, whose
 * tokenizers are not public. Images and documents count a fixed {@code imageTokens} each. Thread-safe; used by the
 * rate limiter for reservations and by routing for context-window checks.
 * <p>
 * The chat overhead follows OpenAI's published recipe: 3 tokens per message, 1 more for a name, 3 to prime the reply.
 */
public final class TokenEstimator {

	/** Where {@link #promptTokens(LlmExchange, String)} keeps its count. */
	public static final String PROMPT_TOKENS_ATTRIBUTE = "tokens.prompt";

	private static final int TOKENS_PER_MESSAGE = 3;

	private static final int REPLY_PRIMING = 3;

	private final EncodingRegistry registry = Encodings.newLazyEncodingRegistry();

	private final double charsPerToken;

	private final int imageTokens;

	public TokenEstimator(double charsPerToken, int imageTokens) {
		this.charsPerToken = charsPerToken;
		this.imageTokens = imageTokens;
	}

	/** The defaults: 4 characters per token, 765 tokens per image. */
	public TokenEstimator() {
		this(4.0, 765);
	}

	/**
	 * Estimated prompt tokens of {@code request} when sent to {@code model} (a provider model id or an alias; it only
	 * selects the tokenizer).
	 */
	public long estimatePrompt(ChatRequest request, String model) {
		Counter counter = counterFor(model);
		long tokens = REPLY_PRIMING;
		if (!request.system().isEmpty()) {
			tokens += TOKENS_PER_MESSAGE + countParts(request.system(), counter);
		}
		for (Message m : request.messages()) {
			tokens += TOKENS_PER_MESSAGE + countParts(m.content(), counter);
			if (m.name() != null) {
				tokens += 1 + counter.count(m.name());
			}
		}
		for (ToolDefinition tool : request.tools()) {
			tokens += TOKENS_PER_MESSAGE + counter.count(tool.name());
			if (tool.description() != null) {
				tokens += counter.count(tool.description());
			}
			if (tool.parameters() != null) {
				tokens += counter.count(tool.parameters().toString());
			}
		}
		return tokens;
	}

	/**
	 * The estimated prompt tokens of the exchange's request, computed once and kept in
	 * {@link LlmExchange#attributes()} under {@link #PROMPT_TOKENS_ATTRIBUTE}, so the rate limiter and routing's
	 * context-window check count a prompt only once.
	 */
	public long promptTokens(LlmExchange llm, String model) {
		Object known = llm.attributes().get(PROMPT_TOKENS_ATTRIBUTE);
		if (known instanceof Long tokens) {
			return tokens;
		}
		long tokens = llm.request() == null ? 0 : estimatePrompt(llm.request(), model);
		llm.attributes().put(PROMPT_TOKENS_ATTRIBUTE, tokens);
		return tokens;
	}

	/** Tokens of a plain text for {@code model}'s tokenizer (or the character estimate). */
	public long count(String text, String model) {
		return counterFor(model).count(text);
	}

	/**
	 * The output tokens to expect: {@code max_tokens} times the number of choices, or {@code defaultTokens} when the
	 * request sets no limit.
	 */
	public static long expectedOutput(ChatRequest request, long defaultTokens) {
		long perChoice = request.maxTokens() != null && request.maxTokens() > 0 ? request.maxTokens() : defaultTokens;
		int n = request.n() != null && request.n() > 1 ? request.n() : 1;
		return perChoice * n;
	}

	/** True when jtokkit knows the tokenizer of {@code model} (OpenAI family). */
	public boolean isExact(String model) {
		return encodingFor(model) != null;
	}

	private long countParts(List<ContentPart> parts, Counter counter) {
		long tokens = 0;
		for (ContentPart p : parts) {
			if (p instanceof ContentPart.Text t) {
				tokens += counter.count(t.text());
			}
			else if (p instanceof ContentPart.ToolCall c) {
				tokens += counter.count(c.name()) + counter.count(c.argumentsJson());
			}
			else if (p instanceof ContentPart.ToolResult r) {
				tokens += countParts(r.content(), counter);
			}
			else if (p instanceof ContentPart.Thinking th) {
				tokens += counter.count(th.text());
			}
			else {
				// images and documents: a fixed, documented estimate
				tokens += imageTokens;
			}
		}
		return tokens;
	}

	private Counter counterFor(String model) {
		Encoding encoding = encodingFor(model);
		if (encoding != null) {
			return text -> text == null || text.isEmpty() ? 0 : encoding.countTokensOrdinary(text);
		}
		return text -> text == null || text.isEmpty() ? 0 : (long) Math.ceil(text.length() / charsPerToken);
	}

	/** o200k for the GPT-4o/4.1/5 and o-series generation, cl100k for GPT-4, GPT-3.5 and embeddings; else null. */
	private Encoding encodingFor(String model) {
		if (model == null) {
			return null;
		}
		String m = model.toLowerCase(Locale.ROOT);
		int slash = m.lastIndexOf('/');
		if (slash >= 0) {
			m = m.substring(slash + 1);
		}
		if (m.startsWith("gpt-4o") || m.startsWith("gpt-4.1") || m.startsWith("gpt-4.5") || m.startsWith("gpt-5")
				|| m.startsWith("chatgpt") || m.startsWith("o1") || m.startsWith("o3") || m.startsWith("o4")
				|| m.startsWith("gpt-oss")) {
			return registry.getEncoding(EncodingType.O200K_BASE);
		}
		if (m.startsWith("gpt-4") || m.startsWith("gpt-3.5") || m.startsWith("gpt-35")
				|| m.startsWith("text-embedding")) {
			return registry.getEncoding(EncodingType.CL100K_BASE);
		}
		return null;
	}

	@FunctionalInterface
	private interface Counter {

		long count(String text);
	}
}
