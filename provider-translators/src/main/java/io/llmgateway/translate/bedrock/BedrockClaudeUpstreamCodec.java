package io.llmgateway.translate.bedrock;

import io.llmgateway.translate.Protocol;
import io.llmgateway.translate.anthropic.AnthropicStreamDecoder;
import io.llmgateway.translate.anthropic.AnthropicUpstreamCodec;
import io.llmgateway.translate.codec.EncodeOptions;
import io.llmgateway.translate.codec.StreamDecoder;
import io.llmgateway.translate.codec.UpstreamCodec;
import io.llmgateway.translate.mapping.ToolNames;
import io.llmgateway.translate.model.ChatRequest;
import io.llmgateway.translate.model.ChatResponse;
import io.llmgateway.translate.model.LlmError;
import io.llmgateway.translate.mapping.Json;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Claude on Bedrock through {@code InvokeModel} / {@code InvokeModelWithResponseStream}: the Anthropic Messages body
 * (an Anthropic client's own JSON, unchanged) without {@code model} and {@code stream}, with
 * {@code anthropic_version: bedrock-2023-05-31} and the client's {@code anthropic-beta} flags as the body's
 * {@code anthropic_beta} list, Bedrock's convention. Answers are Anthropic messages; streams are Anthropic events
 * inside event-stream {@code chunk} frames ({@link BedrockInvokeStreamDecoder}).
 */
public final class BedrockClaudeUpstreamCodec implements UpstreamCodec {

	static final String BEDROCK_ANTHROPIC_VERSION = "bedrock-2023-05-31";

	private final AnthropicUpstreamCodec anthropic = new AnthropicUpstreamCodec();

	private final BedrockUpstreamCodec errors = new BedrockUpstreamCodec();

	@Override
	public Protocol protocol() {
		return Protocol.ANTHROPIC;
	}

	@Override
	public byte[] encodeRequest(ChatRequest request, EncodeOptions options) {
		ObjectNode body = (ObjectNode) Json.MAPPER.readTree(anthropic.encodeRequest(request, options));
		body.remove("model");
		body.remove("stream");
		body.put("anthropic_version", BEDROCK_ANTHROPIC_VERSION);
		String beta = request.clientProtocol() == Protocol.ANTHROPIC ? request.forwardHeaders().get("anthropic-beta")
				: null;
		if (beta != null && !beta.isBlank()) {
			ArrayNode betas = body.putArray("anthropic_beta");
			for (String b : beta.split(",")) {
				if (!b.isBlank()) {
					betas.add(b.trim());
				}
			}
		}
		return Json.write(body);
	}

	@Override
	public ChatResponse decodeResponse(byte[] body) {
		return anthropic.decodeResponse(body);
	}

	@Override
	public ChatResponse decodeResponse(byte[] body, ChatRequest request) {
		return anthropic.decodeResponse(body, request);
	}

	@Override
	public StreamDecoder newStreamDecoder() {
		return newStreamDecoder(new ChatRequest());
	}

	@Override
	public StreamDecoder newStreamDecoder(ChatRequest request) {
		return new BedrockInvokeStreamDecoder(
				new AnthropicStreamDecoder(ToolNames.forRequest(request, ToolNames.Rule.ANTHROPIC)));
	}

	@Override
	public LlmError decodeError(int status, byte[] body) {
		return errors.decodeError(status, body);
	}
}
