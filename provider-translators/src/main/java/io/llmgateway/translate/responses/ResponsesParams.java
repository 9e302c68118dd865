package io.llmgateway.translate.responses;

import java.util.Map;
import java.util.Set;

import io.llmgateway.translate.codec.EncodeOptions;
import io.llmgateway.translate.mapping.Errors;
import io.llmgateway.translate.model.ChatRequest;
import tools.jackson.databind.JsonNode;

/**
 * What a Responses request carries beyond the canonical model, and the policy for a provider reached by translation
 * (OpenAI itself gets the original body). Three kinds:
 * <ul>
 * <li>client hints with no effect on the answer's meaning ({@code include}, {@code prompt_cache_key},
 * {@code reasoning.summary}, reasoning items, ...): dropped;</li>
 * <li>server-side state that only OpenAI keeps ({@code previous_response_id}, {@code conversation},
 * {@code background}): always refused, since dropping them would answer a different conversation;</li>
 * <li>semantic parameters the provider cannot honour ({@code store: true}, hosted tools, items and tool choices,
 * {@code max_tool_calls}, ...): refused unless {@code llm.drop-params}.</li>
 * </ul>
 */
public final class ResponsesParams {

	static final String REASONING_SUMMARY = "reasoning.summary";

	static final String VERBOSITY = "text.verbosity";

	static final String REASONING_ITEMS = "input.reasoning";

	static final String ALLOWED_TOOLS = "tool_choice.allowed_tools";

	private static final Set<String> HINTS = Set.of(REASONING_SUMMARY, VERBOSITY, REASONING_ITEMS, ALLOWED_TOOLS,
			"include", "prompt_cache_key", "prompt_cache_retention", "prompt_cache_options", "safety_identifier",
			"metadata", "service_tier", "truncation", "stream_options", "context_management", "moderation");

	private static final Set<String> SERVER_STATE = Set.of("previous_response_id", "conversation", "background");

	private ResponsesParams() {
	}

	static String item(String type) {
		return "input." + type;
	}

	static String tool(String type) {
		return "tools." + type;
	}

	/** Whether this extra is a client hint that a translating provider drops without changing the answer. */
	public static boolean isHint(String name) {
		return HINTS.contains(name);
	}

	/**
	 * Applies the policy to the extras of a Responses request bound for a translating provider.
	 * @throws io.llmgateway.translate.model.LlmException (400, OpenAI error format) naming the parameter and why
	 */
	public static void check(ChatRequest request, EncodeOptions options, String provider) {
		for (Map.Entry<String, JsonNode> e : request.extra().entrySet()) {
			String name = e.getKey();
			if (HINTS.contains(name)) {
				continue;
			}
			if (SERVER_STATE.contains(name)) {
				throw Errors.badRequest(name, "Parameter '" + name + "' needs state stored by OpenAI and is not "
						+ "supported for provider " + provider + "; send the whole conversation in 'input' instead");
			}
			if (options.dropParams()) {
				continue;
			}
			if (name.equals("store")) {
				throw Errors.badRequest(name, "'store: true' is not supported for provider " + provider
						+ ": the gateway does not store responses; send 'store: false' (and the whole conversation "
						+ "in 'input'), or set llm.drop-params=true to drop it");
			}
			if (name.equals("top_logprobs")) {
				throw Errors.shapeChangingParam(name, provider);
			}
			JsonNode where = e.getValue();
			if (name.startsWith("input.")) {
				throw Errors.badRequest(where.isString() ? where.stringValue() : name, "Input items of type '"
						+ name.substring(6) + "' are not supported by provider " + provider
						+ "; remove them or set llm.drop-params=true to drop them");
			}
			if (name.startsWith("tools.")) {
				throw Errors.badRequest(where.isString() ? where.stringValue() : "tools", "Tools of type '"
						+ name.substring(6) + "' are hosted by OpenAI and not supported by provider " + provider
						+ "; remove them or set llm.drop-params=true to drop them");
			}
			throw Errors.unsupportedParam(name, provider);
		}
	}
}
