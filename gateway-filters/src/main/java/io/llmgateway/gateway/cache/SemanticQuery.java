package io.llmgateway.gateway.cache;

import java.util.List;

import io.llmgateway.translate.model.ChatRequest;
import io.llmgateway.translate.model.ContentPart;
import io.llmgateway.translate.model.Message;
import io.llmgateway.translate.model.Role;

/**
 * What the semantic stage compares for one request: the text of the last user message, compared by meaning, within
 * a scope that must match exactly: the tenant namespace plus the hash of everything else the answer depends on
 * (model or caching group, system prompt, the earlier messages, tools, tool choice and every answer-changing
 * parameter; {@link RequestFingerprint#contextHash}).
 * <p>
 * Why only the last message is embedded: a sentence embedding of a whole conversation is dominated by its long
 * shared part, so two conversations that differ only in the final question ("…and in 2020?" / "…and in 2021?")
 * would look identical. Matching the context exactly and the question by meaning keeps precision high; it is also
 * GPTCache's default ({@code last_content}).
 *
 * @param scope {@code <namespace>:<context hash>}
 * @param text the last user message's text
 */
record SemanticQuery(String scope, String text) {

	/**
	 * The query of a request, or null when the request bypasses the semantic stage: its temperature is above
	 * {@code maxTemperature} (unset counts as 1.0, the providers' default), {@code n > 1}, it carries tool calls, tool
	 * results, images or documents anywhere, its last message is not a user's, or that message has no text or more
	 * than {@code maxChars} characters.
	 */
	static SemanticQuery of(ChatRequest request, String alias, String namespace, RequestFingerprint fingerprint,
			CacheProperties.Semantic settings) {
		double temperature = request.temperature() != null ? request.temperature() : 1.0;
		if (temperature > settings.maxTemperature() || (request.n() != null && request.n() > 1)) {
			return null;
		}
		List<Message> messages = request.messages();
		if (messages.isEmpty() || !plainText(request.system())) {
			return null;
		}
		for (Message m : messages) {
			if (!plainText(m.content())) {
				return null;
			}
		}
		Message last = messages.get(messages.size() - 1);
		if (last.role() != Role.USER) {
			return null;
		}
		String text = last.joinedText();
		if (text == null || text.isBlank() || text.length() > settings.maxChars()) {
			return null;
		}
		return new SemanticQuery(namespace + ":" + fingerprint.contextHash(request, alias), text.strip());
	}

	/**
	 * The same query in the scope of one embedding model: vectors of two models are not comparable, even when their
	 * lengths agree, so instances (or a restart) with another {@code embedding-model} never match each other's entries.
	 * The scope keeps its form {@code <namespace>:<64 hex digits>}.
	 */
	SemanticQuery forModel(String model) {
		int colon = scope.lastIndexOf(':');
		try {
			byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
				.digest((scope.substring(colon + 1) + "\n" + model).getBytes(java.nio.charset.StandardCharsets.UTF_8));
			return new SemanticQuery(scope.substring(0, colon + 1) + java.util.HexFormat.of().formatHex(digest), text);
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Text and thinking only: tool traffic and media make the answer depend on more than the words. */
	private static boolean plainText(List<ContentPart> parts) {
		for (ContentPart p : parts) {
			if (!(p instanceof ContentPart.Text) && !(p instanceof ContentPart.Thinking)) {
				return false;
			}
		}
		return true;
	}
}
