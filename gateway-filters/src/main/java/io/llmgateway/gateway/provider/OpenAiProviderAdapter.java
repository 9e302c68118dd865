package io.llmgateway.gateway.provider;

import java.net.URI;

import io.llmgateway.translate.openai.OpenAiUpstreamCodec;

/** {@code provider: openai}: api.openai.com (or any base given), API key required. */
public class OpenAiProviderAdapter extends OpenAiFamilyProviderAdapter {

	public static final URI DEFAULT_API_BASE = URI.create("https://api.openai.com/v1");

	public OpenAiProviderAdapter() {
		super("openai", DEFAULT_API_BASE, true, OpenAiUpstreamCodec.OPENAI);
	}

	/** OpenAI serves {@code /v1/responses}: Responses clients are passed through. */
	@Override
	protected boolean servesResponses() {
		return true;
	}
}
