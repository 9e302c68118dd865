package io.llmgateway.translate.golden;

import java.util.Map;

import io.llmgateway.translate.anthropic.AnthropicClientCodec;
import io.llmgateway.translate.anthropic.AnthropicUpstreamCodec;
import io.llmgateway.translate.codec.ClientCodec;
import io.llmgateway.translate.codec.UpstreamCodec;
import io.llmgateway.translate.gemini.GeminiUpstreamCodec;
import io.llmgateway.translate.openai.OpenAiClientCodec;
import io.llmgateway.translate.openai.OpenAiUpstreamCodec;
import io.llmgateway.translate.responses.ResponsesClientCodec;
import io.llmgateway.translate.responses.ResponsesUpstreamCodec;

/** The codecs golden fixtures name in their directory ({@code <client>-to-<upstream>}). */
final class Codecs {

	static final Map<String, ClientCodec> CLIENTS = Map.of("anthropic", new AnthropicClientCodec(), "openai",
			new OpenAiClientCodec(), "responses", new ResponsesClientCodec());

	static final Map<String, UpstreamCodec> UPSTREAMS = Map.of("anthropic", new AnthropicUpstreamCodec(), "gemini",
			new GeminiUpstreamCodec(), "openai", OpenAiUpstreamCodec.OPENAI, "openai-compatible",
			OpenAiUpstreamCodec.COMPATIBLE, "responses", ResponsesUpstreamCodec.INSTANCE);

	private Codecs() {
	}

	static ClientCodec client(String name) {
		ClientCodec c = CLIENTS.get(name);
		if (c == null) {
			throw new IllegalArgumentException("no client codec " + name);
		}
		return c;
	}

	static UpstreamCodec upstream(String name) {
		UpstreamCodec c = UPSTREAMS.get(name);
		if (c == null) {
			throw new IllegalArgumentException("no upstream codec " + name);
		}
		return c;
	}
}
