package io.llmgateway.gateway.cache;

import java.nio.charset.StandardCharsets;

import io.llmgateway.translate.Protocol;
import io.llmgateway.translate.codec.ClientCodec;
import io.llmgateway.translate.codec.StreamEncoder;
import io.llmgateway.translate.model.ChatRequest;
import io.llmgateway.translate.model.ChatResponse;
import io.llmgateway.translate.model.ContentPart;
import io.llmgateway.translate.model.LlmError;
import io.llmgateway.translate.model.StreamEvent;

/** A readable stand-in for a real client codec: answers as {@code model|text}, streams as one SSE frame per event. */
final class FakeClientCodec implements ClientCodec {

	private final boolean failing;

	FakeClientCodec() {
		this(false);
	}

	/** @param failing every encode throws, as a codec that cannot render some stored content would */
	FakeClientCodec(boolean failing) {
		this.failing = failing;
	}

	@Override
	public Protocol protocol() {
		return Protocol.OPENAI;
	}

	@Override
	public ChatRequest decodeRequest(byte[] body) {
		throw new UnsupportedOperationException("requests are built directly in these tests");
	}

	@Override
	public byte[] encodeResponse(ChatResponse response, String clientModel) {
		if (failing) {
			throw new IllegalStateException("cannot encode");
		}
		StringBuilder sb = new StringBuilder(clientModel).append('|');
		for (ContentPart p : response.content()) {
			if (p instanceof ContentPart.Text t) {
				sb.append(t.text());
			}
		}
		return sb.toString().getBytes(StandardCharsets.UTF_8);
	}

	@Override
	public StreamEncoder newStreamEncoder(String clientModel, boolean includeUsage) {
		return event -> {
			if (event instanceof StreamEvent.TextDelta d) {
				return ("data: " + d.text() + "\n\n").getBytes(StandardCharsets.UTF_8);
			}
			if (event instanceof StreamEvent.MessageStop) {
				return "data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8);
			}
			return null;
		};
	}

	@Override
	public byte[] encodeError(LlmError error) {
		return ("error|" + error.message()).getBytes(StandardCharsets.UTF_8);
	}
}
