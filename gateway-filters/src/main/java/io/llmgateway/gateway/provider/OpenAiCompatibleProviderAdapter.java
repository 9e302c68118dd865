package io.llmgateway.gateway.provider;

import io.llmgateway.translate.openai.OpenAiUpstreamCodec;

/**
 * {@code provider: openai-compatible}: any server that speaks OpenAI Chat Completions (vLLM, Ollama's {@code /v1},
 * LM Studio, llama.cpp, ...). {@code api-base} is required; {@code api-key} is optional (sent as a bearer token when
 * set).
 */
public class OpenAiCompatibleProviderAdapter extends OpenAiFamilyProviderAdapter {

	public OpenAiCompatibleProviderAdapter() {
		super("openai-compatible", null, false, OpenAiUpstreamCodec.COMPATIBLE);
	}
}
