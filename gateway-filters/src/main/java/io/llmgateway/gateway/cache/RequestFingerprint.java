package io.llmgateway.gateway.cache;

import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.llmgateway.translate.model.ChatRequest;
import io.llmgateway.translate.model.ContentPart;
import io.llmgateway.translate.model.Message;
import io.llmgateway.translate.model.ToolDefinition;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The SHA-256 of a canonical request after normalisation: the model (or its caching group), the system prompt, the
 * messages, the tools, the tool choice and every parameter that can change the answer, written as one canonical JSON
 * document straight into the digest. Left out on purpose: {@code stream} and {@code stream_options} (a stored answer
 * can be replayed either way), and fields that only identify or annotate the caller ({@code user}, {@code metadata},
 * {@code store}, ...; see {@link #IGNORED_EXTRA}). Parameters the canonical model has no field for are included by
 * name, sorted, so a provider-specific parameter changes the key too.
 * <p>
 * Thread-safe.
 */
public final class RequestFingerprint {

	/** Extra body fields that never change the answer. */
	public static final Set<String> IGNORED_EXTRA = Set.of("cache", "metadata", "user", "stream", "stream_options",
			"store", "safety_identifier", "prompt_cache_key", "prompt_cache_retention");

	/** Bumped when the normalisation changes, so old entries are never served for a differently built key. */
	private static final int VERSION = 1;

	private final JsonMapper mapper;

	private final Map<String, String> aliasToGroup;

	/**
	 * @param cachingGroups group name → model aliases that share entries
	 */
	public RequestFingerprint(JsonMapper mapper, Map<String, List<String>> cachingGroups) {
		this.mapper = mapper;
		Map<String, String> byAlias = new HashMap<>();
		cachingGroups.forEach((group, aliases) -> aliases.forEach(alias -> {
			String previous = byAlias.putIfAbsent(alias, group);
			if (previous != null && !previous.equals(group)) {
				throw new IllegalArgumentException("llm.cache.caching-groups: model '" + alias
						+ "' is in two groups, '" + previous + "' and '" + group + "'");
			}
		}));
		this.aliasToGroup = Map.copyOf(byAlias);
	}

	/** The model part of the key: the alias, or {@code group:<name>} when the alias is in a caching group. */
	public String keyModel(String alias) {
		String group = alias == null ? null : aliasToGroup.get(alias);
		return group == null ? alias : "group:" + group;
	}

	/**
	 * Hashes the request as it would be answered for {@code alias}.
	 * @return 64 lowercase hex characters
	 */
	public String hash(ChatRequest request, String alias) {
		return hash(request, alias, request.messages().size());
	}

	/**
	 * Hashes everything but the last message: the semantic cache's scope, within which only the last message is
	 * compared by meaning (see {@link SemanticQuery}).
	 */
	public String contextHash(ChatRequest request, String alias) {
		return hash(request, alias, Math.max(0, request.messages().size() - 1));
	}

	private String hash(ChatRequest request, String alias, int messages) {
		MessageDigest digest = sha256();
		try (OutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), digest);
				JsonGenerator g = mapper.createGenerator(out)) {
			write(g, request, keyModel(alias), messages);
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
		return HexFormat.of().formatHex(digest.digest());
	}

	private void write(JsonGenerator g, ChatRequest r, String model, int messages) {
		g.writeStartObject();
		g.writeNumberProperty("v", VERSION);
		if (messages < r.messages().size()) {
			g.writeStringProperty("part", "context");
		}
		g.writeStringProperty("model", model);
		if (!r.system().isEmpty()) {
			g.writeName("system");
			writeParts(g, r.system());
		}
		g.writeName("messages");
		g.writeStartArray();
		for (Message m : r.messages().subList(0, messages)) {
			g.writeStartObject();
			g.writeStringProperty("role", m.role().name());
			if (m.name() != null) {
				g.writeStringProperty("name", m.name());
			}
			g.writeName("content");
			writeParts(g, m.content());
			g.writeEndObject();
		}
		g.writeEndArray();
		if (!r.tools().isEmpty()) {
			g.writeName("tools");
			g.writeStartArray();
			for (ToolDefinition t : r.tools()) {
				g.writeStartObject();
				g.writeStringProperty("name", t.name());
				optional(g, "description", t.description());
				tree(g, "parameters", t.parameters());
				if (t.strict() != null) {
					g.writeBooleanProperty("strict", t.strict());
				}
				g.writeEndObject();
			}
			g.writeEndArray();
		}
		if (r.toolChoice() != null) {
			g.writeName("tool_choice");
			g.writeStartObject();
			g.writeStringProperty("mode", r.toolChoice().mode().name());
			optional(g, "name", r.toolChoice().toolName());
			g.writeEndObject();
		}
		if (r.parallelToolCalls() != null) {
			g.writeBooleanProperty("parallel_tool_calls", r.parallelToolCalls());
		}
		if (r.maxTokens() != null) {
			g.writeNumberProperty("max_tokens", r.maxTokens());
		}
		if (r.temperature() != null) {
			g.writeNumberProperty("temperature", r.temperature());
		}
		if (r.topP() != null) {
			g.writeNumberProperty("top_p", r.topP());
		}
		if (r.topK() != null) {
			g.writeNumberProperty("top_k", r.topK());
		}
		if (r.stop() != null && !r.stop().isEmpty()) {
			g.writeName("stop");
			g.writeStartArray();
			for (String s : r.stop()) {
				g.writeString(s);
			}
			g.writeEndArray();
		}
		if (r.n() != null) {
			g.writeNumberProperty("n", r.n());
		}
		if (r.seed() != null) {
			g.writeNumberProperty("seed", r.seed());
		}
		tree(g, "response_format", r.responseFormat());
		optional(g, "reasoning_effort", r.reasoningEffort());
		tree(g, "thinking", r.thinking());
		Map<String, JsonNode> extra = new TreeMap<>();
		r.extra().forEach((name, value) -> {
			if (!IGNORED_EXTRA.contains(name)) {
				extra.put(name, value);
			}
		});
		if (!extra.isEmpty()) {
			// extra names are the client protocol's own: the same name may mean different things elsewhere
			if (r.clientProtocol() != null) {
				g.writeStringProperty("extra_protocol", r.clientProtocol().name());
			}
			g.writeName("extra");
			g.writeStartObject();
			extra.forEach((name, value) -> tree(g, name, value));
			g.writeEndObject();
		}
		g.writeEndObject();
	}

	private void writeParts(JsonGenerator g, List<ContentPart> parts) {
		g.writeStartArray();
		for (ContentPart p : parts) {
			g.writeStartObject();
			if (p instanceof ContentPart.Text t) {
				g.writeStringProperty("text", t.text());
			}
			else if (p instanceof ContentPart.Image i) {
				g.writeStringProperty("image", i.isUrl() ? i.url() : i.base64());
				optional(g, "media_type", i.mediaType());
				optional(g, "detail", i.detail());
			}
			else if (p instanceof ContentPart.Document d) {
				g.writeStringProperty("document", d.base64());
				optional(g, "media_type", d.mediaType());
				optional(g, "title", d.title());
			}
			else if (p instanceof ContentPart.ToolCall c) {
				g.writeStringProperty("tool_call", c.name());
				optional(g, "id", c.id());
				optional(g, "arguments", c.argumentsJson());
			}
			else if (p instanceof ContentPart.ToolResult tr) {
				g.writeStringProperty("tool_result", tr.toolCallId());
				optional(g, "name", tr.name());
				g.writeBooleanProperty("is_error", tr.isError());
				g.writeName("content");
				writeParts(g, tr.content() == null ? List.of() : tr.content());
			}
			else if (p instanceof ContentPart.Thinking th) {
				g.writeStringProperty("thinking", th.text());
				optional(g, "signature", th.signature());
				g.writeBooleanProperty("redacted", th.redacted());
			}
			g.writeEndObject();
		}
		g.writeEndArray();
	}

	private static void optional(JsonGenerator g, String name, String value) {
		if (value != null) {
			g.writeStringProperty(name, value);
		}
	}

	private void tree(JsonGenerator g, String name, JsonNode value) {
		if (value != null && !value.isNull() && !value.isMissingNode()) {
			g.writeName(name);
			mapper.writeTree(g, value);
		}
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required by every Java platform", ex);
		}
	}
}
