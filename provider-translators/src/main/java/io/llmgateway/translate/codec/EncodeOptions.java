package io.llmgateway.translate.codec;

/**
 * How to serialize a request for one deployment.
 * @param upstreamModel the provider's model id, replacing the client's alias
 * @param dropParams drop parameters the provider has no equivalent for, instead of refusing them (LiteLLM's
 * {@code drop_params})
 * @param forceStreamUsage ask an OpenAI-compatible provider for usage in the stream even if the client did not
 * @param defaultMaxTokens used when the client gave no limit and the provider requires one
 */
public record EncodeOptions(String upstreamModel, boolean dropParams, boolean forceStreamUsage, int defaultMaxTokens) {

	public static EncodeOptions forModel(String upstreamModel) {
		return new EncodeOptions(upstreamModel, false, true, 4096);
	}
}
