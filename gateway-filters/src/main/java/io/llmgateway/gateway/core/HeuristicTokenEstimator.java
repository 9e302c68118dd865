package io.llmgateway.gateway.core;

import java.util.List;

import io.llmgateway.translate.model.ChatRequest;
import io.llmgateway.translate.model.ContentPart;
import io.llmgateway.translate.model.Message;
import io.llmgateway.translate.model.ToolDefinition;

/**
 * The token estimate without a tokenizer: each text counts {@code ceil(characters / charsPerToken)} tokens (4 by
 * default, OpenAI's rule of thumb for English), each image or document a fixed {@code imageTokens} (765 by default),
 * and the chat format adds OpenAI's published overhead: 3 tokens per message (and per tool), 1 more for a name, 3 to
 * prime the reply. Subclasses count the text of some models exactly ({@link #counterFor}).
 */
public class HeuristicTokenEstimator implements TokenEstimator {

	static final double DEFAULT_CHARS_PER_TOKEN = 4.0;

	static final int DEFAULT_IMAGE_TOKENS = 765;

	private static final int TOKENS_PER_MESSAGE = 3;

	private static final int REPLY_PRIMING = 3;

	private final double charsPerToken;

	private final int imageTokens;

	private final Counter characters;

	public HeuristicTokenEstimator(double charsPerToken, int imageTokens) {
		this.charsPerToken = charsPerToken;
		this.imageTokens = imageTokens;
		this.characters = text -> text == null || text.isEmpty() ? 0
				: (long) Math.ceil(text.length() / this.charsPerToken);
	}

	public HeuristicTokenEstimator() {
		this(DEFAULT_CHARS_PER_TOKEN, DEFAULT_IMAGE_TOKENS);
	}

	@Override
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

	@Override
	public long count(String text, String model) {
		return counterFor(model).count(text);
	}

	@Override
	public boolean isExact(String model) {
		return counterFor(model) != characters;
	}

	/** How the text of {@code model} is counted; here always by characters. */
	protected Counter counterFor(String model) {
		return characters;
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

	/** Tokens of one text. */
	@FunctionalInterface
	protected interface Counter {

		long count(String text);
	}
}
