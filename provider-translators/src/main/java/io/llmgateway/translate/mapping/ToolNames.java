package io.llmgateway.translate.mapping;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;

import io.llmgateway.translate.model.ChatRequest;
import io.llmgateway.translate.model.ContentPart;
import io.llmgateway.translate.model.Message;
import io.llmgateway.translate.model.ToolDefinition;

/**
 * The reversible, per-request map between the client's tool names and names the provider accepts. Built from the
 * request alone (tool definitions and tool calls in history) and deterministic, so the request encoder and the
 * response decoder compute the same map without sharing state. When every name is already valid the map is empty
 * and both directions are the identity.
 */
public final class ToolNames {

	/** The naming rule of one provider. */
	public enum Rule {
		/** Anthropic: {@code ^[a-zA-Z0-9_-]{1,128}$}. */
		ANTHROPIC(128, false, false),
		/** OpenAI: {@code [a-zA-Z0-9_-]{1,64}}. */
		OPENAI(64, false, false),
		/** Gemini: letter or underscore first, then {@code a-zA-Z0-9_.:-}, at most 128. */
		GEMINI(128, true, true);

		final int maxLength;

		final boolean allowDotColon;

		final boolean letterFirst;

		Rule(int maxLength, boolean allowDotColon, boolean letterFirst) {
			this.maxLength = maxLength;
			this.allowDotColon = allowDotColon;
			this.letterFirst = letterFirst;
		}
	}

	private static final ToolNames IDENTITY = new ToolNames(Map.of(), Map.of());

	private final Map<String, String> toUpstream;

	private final Map<String, String> toClient;

	private ToolNames(Map<String, String> toUpstream, Map<String, String> toClient) {
		this.toUpstream = toUpstream;
		this.toClient = toClient;
	}

	/** The map for one request under one provider's rule. */
	public static ToolNames forRequest(ChatRequest request, Rule rule) {
		boolean anyInvalid = false;
		for (ToolDefinition t : request.tools()) {
			anyInvalid |= !valid(t.name(), rule);
		}
		for (Message m : request.messages()) {
			for (ContentPart p : m.content()) {
				String name = nameOf(p);
				anyInvalid |= name != null && !valid(name, rule);
			}
		}
		if (!anyInvalid) {
			return IDENTITY;
		}
		Set<String> names = new LinkedHashSet<>();
		for (ToolDefinition t : request.tools()) {
			names.add(t.name());
		}
		for (Message m : request.messages()) {
			for (ContentPart p : m.content()) {
				String name = nameOf(p);
				if (name != null) {
					names.add(name);
				}
			}
		}
		// valid names keep themselves and reserve their spelling, so a renamed tool never takes it
		Set<String> taken = new HashSet<>();
		for (String n : names) {
			if (valid(n, rule)) {
				taken.add(n);
			}
		}
		Map<String, String> up = new HashMap<>();
		Map<String, String> back = new HashMap<>();
		for (String n : names) {
			if (n == null || valid(n, rule)) {
				continue;
			}
			String candidate = sanitize(n, rule);
			if (candidate.length() > rule.maxLength || taken.contains(candidate)) {
				candidate = withHash(candidate, n, rule);
			}
			taken.add(candidate);
			up.put(n, candidate);
			back.put(candidate, n);
		}
		return new ToolNames(up, back);
	}

	private static String nameOf(ContentPart p) {
		return p instanceof ContentPart.ToolCall c ? c.name() : p instanceof ContentPart.ToolResult r ? r.name() : null;
	}

	public String toUpstream(String clientName) {
		if (clientName == null) {
			return null;
		}
		return toUpstream.getOrDefault(clientName, clientName);
	}

	public String toClient(String upstreamName) {
		if (upstreamName == null) {
			return null;
		}
		return toClient.getOrDefault(upstreamName, upstreamName);
	}

	public boolean isIdentity() {
		return toUpstream.isEmpty();
	}

	public static boolean valid(String name, Rule rule) {
		if (name == null || name.isEmpty() || name.length() > rule.maxLength) {
			return false;
		}
		for (int i = 0; i < name.length(); i++) {
			if (!allowed(name.charAt(i), rule, i == 0)) {
				return false;
			}
		}
		return true;
	}

	private static boolean allowed(char c, Rule rule, boolean first) {
		boolean letter = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
		if (first && rule.letterFirst) {
			return letter || c == '_';
		}
		return letter || c >= '0' && c <= '9' || c == '_' || c == '-' || rule.allowDotColon && (c == '.' || c == ':');
	}

	private static String sanitize(String name, Rule rule) {
		StringBuilder sb = new StringBuilder(name.length() + 1);
		if (name.isEmpty() || rule.letterFirst && !allowed(name.charAt(0), rule, true)) {
			sb.append('_');
		}
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			sb.append(allowed(c, rule, sb.length() == 0) ? c : '_');
		}
		return sb.toString();
	}

	private static String withHash(String sanitized, String original, Rule rule) {
		CRC32 crc = new CRC32();
		crc.update(original.getBytes(StandardCharsets.UTF_8));
		String hash = String.format("%08x", crc.getValue()).substring(0, 6);
		int keep = Math.min(sanitized.length(), rule.maxLength - 7);
		return sanitized.substring(0, keep) + "_" + hash;
	}
}
