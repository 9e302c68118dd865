package io.llmgateway.translate.mapping;

import java.util.Map;
import java.util.Set;

import io.llmgateway.translate.Protocol;
import io.llmgateway.translate.codec.EncodeOptions;
import io.llmgateway.translate.model.ChatRequest;
import io.llmgateway.translate.responses.ResponsesParams;
import tools.jackson.databind.JsonNode;

/**
 * The policy for client parameters a provider has no equivalent for (LiteLLM's {@code drop_params}): client hints
 * and parameters that only configure the client's own platform are dropped silently; parameters that change the
 * response shape ({@code n > 1}, {@code logprobs}, audio output) are always a 400; every other one is dropped when
 * {@link EncodeOptions#dropParams()} is set and otherwise refused with a 400 naming it. Whatever is dropped is
 * listed in {@link ChatRequest#droppedParams()} (the {@code x-llm-dropped-params} response header).
 */
public final class UnsupportedParams {

	/** Platform-only settings with no effect on the generated answer. */
	private static final Set<String> PLATFORM_ONLY = Set.of("store", "metadata", "service_tier", "prompt_cache_key",
			"prompt_cache_retention", "safety_identifier", "stream_options", "user", "parallel_tool_calls",
			"cache_control", "inference_geo", "context_management", "speed", "diagnostics");

	/** Extras whose content the canonical model already carries (Anthropic effort and format). */
	private static final Set<String> MAPPED = Set.of("output_config");

	private UnsupportedParams() {
	}

	/**
	 * Checks the foreign extras of a request (those decoded from another protocol than {@code provider}'s) and the
	 * shape-changing canonical fields.
	 * @param handled extras the calling codec maps itself
	 */
	public static void check(ChatRequest request, EncodeOptions options, Protocol upstream, String provider,
			Set<String> handled) {
		if (request.n() != null && request.n() > 1) {
			throw Errors.shapeChangingParam("n", provider);
		}
		if (request.clientProtocol() == upstream) {
			return;
		}
		if (request.clientProtocol() == Protocol.OPENAI_RESPONSES) {
			ResponsesParams.check(request, options, provider);
			return;
		}
		for (Map.Entry<String, JsonNode> e : request.extra().entrySet()) {
			String name = e.getKey();
			JsonNode value = e.getValue();
			if (handled.contains(name) || MAPPED.contains(name) || value == null || value.isNull()) {
				continue;
			}
			if (PLATFORM_ONLY.contains(name)) {
				request.droppedParams().add(name);
				continue;
			}
			if (changesShape(name, value)) {
				throw Errors.shapeChangingParam(name, provider);
			}
			if (!options.dropParams()) {
				throw Errors.unsupportedParam(name, provider);
			}
			request.droppedParams().add(name);
		}
		request.droppedParams().addAll(request.clientHints());
	}

	/** Refuses (or lets the caller drop) one canonical parameter without an equivalent. */
	public static boolean dropOrRefuse(String param, EncodeOptions options, String provider) {
		if (!options.dropParams()) {
			throw Errors.unsupportedParam(param, provider);
		}
		return true;
	}

	/**
	 * Like {@link #dropOrRefuse} for a canonical parameter, recording the drop in
	 * {@link ChatRequest#droppedParams()}.
	 */
	public static void dropOrRefuse(ChatRequest request, String param, EncodeOptions options, String provider) {
		dropOrRefuse(param, options, provider);
		request.droppedParams().add(param);
	}

	private static boolean changesShape(String name, JsonNode value) {
		return switch (name) {
			case "logprobs" -> value.asBoolean(false);
			case "top_logprobs" -> value.asInt(0) > 0;
			case "audio" -> true;
			case "modalities" -> {
				for (JsonNode m : value) {
					if (!"text".equals(m.asString(""))) {
						yield true;
					}
				}
				yield false;
			}
			default -> false;
		};
	}
}
