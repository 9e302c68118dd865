package io.llmgateway.translate.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.llmgateway.translate.Protocol;
import tools.jackson.databind.JsonNode;

/**
 * The canonical chat request: parsed once from the client's body, read and adjusted by the filters, serialized once
 * for the chosen provider. Mutable on purpose: filters adjust it in place (model rewrite, removed cache controls).
 * Parameters the canonical model has no field for are kept in {@link #extra()} so a same-protocol pass-through loses
 * nothing.
 */
public final class ChatRequest {

	private String model;

	private final List<Message> messages = new ArrayList<>();

	/** System prompt hoisted from system/developer messages or Anthropic's top-level {@code system}. */
	private final List<ContentPart> system = new ArrayList<>();

	private final List<ToolDefinition> tools = new ArrayList<>();

	private ToolChoice toolChoice;

	private Boolean parallelToolCalls;

	private Integer maxTokens;

	private Double temperature;

	private Double topP;

	private Integer topK;

	private List<String> stop;

	private boolean stream;

	/** The client asked for usage in the stream ({@code stream_options.include_usage}). */
	private boolean includeUsage;

	private Integer n;

	private Long seed;

	/**
	 * The end user named by the client ({@code user} in OpenAI, {@code metadata.user_id} in Anthropic, reduced to its
	 * stable part by {@code EndUsers}): the end-user identity of spend, budgets and limits.
	 */
	private String user;

	private JsonNode responseFormat;

	/**
	 * How hard the model should think: OpenAI {@code reasoning_effort} ({@code none}, {@code minimal}, {@code low},
	 * {@code medium}, {@code high}, {@code xhigh}) or Anthropic {@code output_config.effort} ({@code low} ...
	 * {@code max}); each upstream codec maps it onto its own scale.
	 */
	private String reasoningEffort;

	/**
	 * Anthropic-style thinking configuration, when the client sent one: {@code {"type":"enabled","budget_tokens":n}},
	 * {@code {"type":"adaptive"}} (the model decides; effort in {@link #reasoningEffort()}) or
	 * {@code {"type":"disabled"}}, each possibly with {@code display: summarized|omitted}.
	 */
	private JsonNode thinking;

	private final Map<String, JsonNode> extra = new LinkedHashMap<>();

	/** The protocol the client spoke: tells an upstream codec whether {@link #extra()} names are its own. */
	private Protocol clientProtocol;

	/** The client codec's own view of the body, for a same-protocol pass-through; opaque to everyone else. */
	private Object original;

	private final Map<String, String> forwardHeaders = new LinkedHashMap<>();

	private final Set<String> clientHints = new LinkedHashSet<>();

	private final Set<String> droppedParams = new LinkedHashSet<>();

	public String model() {
		return model;
	}

	public ChatRequest model(String model) {
		this.model = model;
		return this;
	}

	public List<Message> messages() {
		return messages;
	}

	public List<ContentPart> system() {
		return system;
	}

	public List<ToolDefinition> tools() {
		return tools;
	}

	public ToolChoice toolChoice() {
		return toolChoice;
	}

	public ChatRequest toolChoice(ToolChoice toolChoice) {
		this.toolChoice = toolChoice;
		return this;
	}

	public Boolean parallelToolCalls() {
		return parallelToolCalls;
	}

	public ChatRequest parallelToolCalls(Boolean parallelToolCalls) {
		this.parallelToolCalls = parallelToolCalls;
		return this;
	}

	public Integer maxTokens() {
		return maxTokens;
	}

	public ChatRequest maxTokens(Integer maxTokens) {
		this.maxTokens = maxTokens;
		return this;
	}

	public Double temperature() {
		return temperature;
	}

	public ChatRequest temperature(Double temperature) {
		this.temperature = temperature;
		return this;
	}

	public Double topP() {
		return topP;
	}

	public ChatRequest topP(Double topP) {
		this.topP = topP;
		return this;
	}

	public Integer topK() {
		return topK;
	}

	public ChatRequest topK(Integer topK) {
		this.topK = topK;
		return this;
	}

	public List<String> stop() {
		return stop;
	}

	public ChatRequest stop(List<String> stop) {
		this.stop = stop;
		return this;
	}

	public boolean stream() {
		return stream;
	}

	public ChatRequest stream(boolean stream) {
		this.stream = stream;
		return this;
	}

	public boolean includeUsage() {
		return includeUsage;
	}

	public ChatRequest includeUsage(boolean includeUsage) {
		this.includeUsage = includeUsage;
		return this;
	}

	public Integer n() {
		return n;
	}

	public ChatRequest n(Integer n) {
		this.n = n;
		return this;
	}

	public Long seed() {
		return seed;
	}

	public ChatRequest seed(Long seed) {
		this.seed = seed;
		return this;
	}

	public String user() {
		return user;
	}

	public ChatRequest user(String user) {
		this.user = user;
		return this;
	}

	public JsonNode responseFormat() {
		return responseFormat;
	}

	public ChatRequest responseFormat(JsonNode responseFormat) {
		this.responseFormat = responseFormat;
		return this;
	}

	public String reasoningEffort() {
		return reasoningEffort;
	}

	public ChatRequest reasoningEffort(String reasoningEffort) {
		this.reasoningEffort = reasoningEffort;
		return this;
	}

	public JsonNode thinking() {
		return thinking;
	}

	public ChatRequest thinking(JsonNode thinking) {
		this.thinking = thinking;
		return this;
	}

	/** Parameters without a canonical field, by their name in the client's protocol, in arrival order. */
	public Map<String, JsonNode> extra() {
		return extra;
	}

	/**
	 * The protocol this request was decoded from (set by the client codec), or null when unknown. Upstream codecs
	 * copy {@link #extra()} verbatim only when it equals their own protocol; otherwise extras are foreign
	 * parameters that are dropped ({@code llm.drop-params}) or refused.
	 */
	public Protocol clientProtocol() {
		return clientProtocol;
	}

	public ChatRequest clientProtocol(Protocol clientProtocol) {
		this.clientProtocol = clientProtocol;
		return this;
	}

	/**
	 * The client codec's own representation of the request as received (for example the parsed JSON tree), so an
	 * upstream codec of the same protocol can pass through what the canonical model has no field for (Anthropic
	 * {@code cache_control} on blocks). Opaque to filters; null when the decoder keeps none.
	 */
	public Object original() {
		return original;
	}

	public ChatRequest original(Object original) {
		this.original = original;
		return this;
	}

	/**
	 * Protocol headers the client sent that a provider of the client's protocol should receive too (for example
	 * {@code anthropic-beta}), by lower-case name. Never credentials.
	 */
	public Map<String, String> forwardHeaders() {
		return forwardHeaders;
	}

	/**
	 * Client hints the request carries that have no canonical field and no effect on the answer's meaning
	 * ({@code context_management}, {@code cache_control}, tool {@code defer_loading} ...), by their name in the
	 * client's protocol. Filled by the client codec; a provider of the client's own protocol receives them unchanged,
	 * every other upstream codec drops them and reports them in {@link #droppedParams()}.
	 */
	public Set<String> clientHints() {
		return clientHints;
	}

	/**
	 * What the last {@code encodeRequest} dropped without refusing (client hints, platform-only parameters): the
	 * gateway lists them in the {@code x-llm-dropped-params} response header. Upstream codecs add to it; the caller
	 * clears it before each attempt (a fallback to another provider may drop less).
	 */
	public Set<String> droppedParams() {
		return droppedParams;
	}

	/** Whether {@link #thinking()} asks for thinking ({@code enabled} or {@code adaptive}). */
	public boolean thinkingRequested() {
		if (thinking == null || !thinking.isObject()) {
			return false;
		}
		String type = thinking.path("type").asString("");
		return type.equals("enabled") || type.equals("adaptive");
	}
}
