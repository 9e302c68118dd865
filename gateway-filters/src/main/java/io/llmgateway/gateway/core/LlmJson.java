package io.llmgateway.gateway.core;

import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON mapper the gateway writes its own documents with (admin answers, logs, callbacks): money and other
 * decimals as plain numbers ({@code 10}, {@code 0.0000025}), never in exponent form ({@code 1E+1}).
 */
public final class LlmJson {

	private LlmJson() {
	}

	public static JsonMapper mapper() {
		return JsonMapper.builder().enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build();
	}
}
