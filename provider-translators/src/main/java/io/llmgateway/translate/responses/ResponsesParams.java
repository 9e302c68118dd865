package io.llmgateway.translate.responses;

import java.util.Map;
import java.util.Set;

import io.llmgateway.translate.codec.EncodeOptions;
import io.llmgateway.translate.mapping.Errors;
import io.llmgateway.translate.model.ChatRequest;
import tools.jackson.databind.JsonNode;

/**
 * What a Responses request carries beyond the canonical model, and the policy for a provider reached by translation
 * (OpenAI and Azure get the original body). Three kinds:
 * <ul>
 * <li>server-side state that only OpenAI keeps ({@code previous_response_id}, {@code conversation},
 * {@code background}): always refused, since dropping them would answer a different conversation;</li>
 * <li>semantic parameters the provider cannot honour ({@code store: true}, {@code max_tool_calls}, {@code prompt},
 * input items and tool choices without a translation): refused unless {@code llm.drop-params};
 * {@code top_logprobs} changes the answer's shape and is always refused;</li>
 * <li>everything else is a client hint ({@code include}, {@code prompt_cache_key}, {@code reasoning.summary},
 * {@code text.verbosity}, {@code client_metadata}, reasoning items, hosted tools such as {@code web_search} and
 * {@code tool_search} that the model simply does not get): dropped, and listed in
 * {@link ChatRequest#droppedParams()}. Agents such as
 * Codex send hosted tools and new metadata fields on every call, so refusing unknown fields would lock them out.</li>
 * </ul>
 */
public final class ResponsesParams {

	static final String REASONING_SUMMARY = "reasoning.summary";

	static final String VERBOSITY = "text.verbosity";

	static final String REASONING_ITEMS = "input.reasoning";

	static final String ALLOWED_TOOLS = "tool_choice.allowed_tools";

	private static final Set<String> SERVER_STATE = Set.of("previous_response_id", "conversation", "background");

	private static final Set<String> SEMANTIC = Set.of("store", "max_tool_calls", "prompt", "top_logprobs");

	private ResponsesParams() {
	}

	static String item(String type) {
		return "input." + type;
	}

	static String tool(String type) {
		return "tools." + type;
	}

	/** Whether this extra of a Responses request is dropped without changing the meaning of the answer. */
	public static boolean isHint(String name) {
		return !SERVER_STATE.contains(name) && !SEMANTIC.contains(name) && !name.startsWith("tools.choice.")
				&& (!name.startsWith("input.") || name.equals(REASONING_ITEMS));
	}

	/**
	 * Applies the policy to the extras of a Responses request bound for a translating provider; what it drops is
	 * added to {@link ChatRequest#droppedParams()} (the {@code x-llm-dropped-params} response header).
	 * @throws io.llmgateway.translate.model.LlmException (400, OpenAI error format) naming the parameter and why
	 */
	public static void check(ChatRequest request, EncodeOptions options, String provider) {
		for (Map.Entry<String, JsonNode> e : request.extra().entrySet()) {
			String name = e.getKey();
			if (SERVER_STATE.contains(name)) {
				throw Errors.badRequest(name, "Parameter '" + name + "' needs state stored by OpenAI and is not "
						+ "supported for provider " + provider + "; send the whole conversation in 'input' instead");
			}
			if (name.equals("top_logprobs")) {
				throw Errors.shapeChangingParam(name, provider);
			}
			if (isHint(name) || options.dropParams()) {
				request.droppedParams().add(name);
				continue;
			}
			JsonNode where = e.getValue();
			if (name.equals("store")) {
				throw Errors.badRequest(name, "'store: true' is not supported for provider " + provider
						+ ": the gateway does not store responses; send 'store: false' (and the whole conversation "
						+ "in 'input'), or set llm.drop-params=true to drop it");
			}
			if (name.startsWith("input.")) {
				throw Errors.badRequest(where.isString() ? where.stringValue() : "input", "Input items of type '"
						+ name.substring(6) + "' cannot be translated for provider " + provider
						+ "; remove them or set llm.drop-params=true to drop them");
			}
			if (name.startsWith("tools.choice.")) {
				throw Errors.badRequest("tool_choice", "tool_choice of type '" + name.substring(13)
						+ "' names a tool hosted by OpenAI, not available for provider " + provider);
			}
			throw Errors.unsupportedParam(name, provider);
		}
	}
}
