package io.llmgateway.translate.bedrock;

import java.util.Map;

import io.llmgateway.translate.mapping.Errors;
import io.llmgateway.translate.model.LlmError;
import io.llmgateway.translate.mapping.Json;
import software.amazon.eventstream.HeaderValue;
import software.amazon.eventstream.Message;

/** What Bedrock's event-stream answers (ConverseStream, InvokeModelWithResponseStream) share: headers, exceptions. */
final class BedrockFrames {

	private BedrockFrames() {
	}

	/** The error an {@code exception} or {@code error} frame reports, or null for an event frame. */
	static LlmError error(Message frame) {
		Map<String, HeaderValue> headers = frame.getHeaders();
		String messageType = header(frame, ":message-type");
		if (!"exception".equals(messageType) && !"error".equals(messageType)) {
			return null;
		}
		String type = "exception".equals(messageType) ? header(frame, ":exception-type") : header(frame, ":error-code");
		String message = headers.containsKey(":error-message") ? header(frame, ":error-message")
				: Errors.errorMessage(frame.getPayload());
		return BedrockUpstreamCodec.error(type, 500, message);
	}

	static String header(Message frame, String name) {
		HeaderValue v = frame.getHeaders().get(name);
		return v == null ? null : v.getString();
	}
}
