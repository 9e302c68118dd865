package io.llmgateway.gateway.provider;

import io.llmgateway.gateway.core.Deployment;
import io.llmgateway.gateway.core.UpstreamCall;
import io.llmgateway.translate.codec.EncodeOptions;
import io.llmgateway.translate.model.ChatRequest;
import io.llmgateway.translate.openai.OpenAiUpstreamCodec;
import reactor.core.publisher.Mono;

/**
 * A named OpenAI-compatible provider ({@link OpenAiCompatiblePreset}): the OpenAI family adapter with the preset's
 * default {@code api-base}, key requirement and quirks (Mistral: tool-call ids and flat errors via
 * {@link MistralCodec}).
 */
public final class PresetProviderAdapter extends OpenAiFamilyProviderAdapter {

	private final OpenAiCompatiblePreset preset;

	private final MistralCodec mistral;

	public PresetProviderAdapter(OpenAiCompatiblePreset preset) {
		super(preset.id(), preset.defaultApiBase(), preset.requiresApiKey(), OpenAiUpstreamCodec.COMPATIBLE);
		this.preset = preset;
		this.mistral = preset.mistralQuirks() ? new MistralCodec(OpenAiUpstreamCodec.COMPATIBLE) : null;
	}

	public OpenAiCompatiblePreset preset() {
		return preset;
	}

	@Override
	public Mono<UpstreamCall> prepareChat(Deployment deployment, ChatRequest request, EncodeOptions options) {
		Mono<UpstreamCall> call = super.prepareChat(deployment, request, options);
		if (mistral == null) {
			return call;
		}
		return call.map(c -> new UpstreamCall(c.method(), c.uri(), c.headers(), MistralCodec.rewriteToolIds(c.body()),
				mistral, c.stream()));
	}
}
