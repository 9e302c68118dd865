package io.llmgateway.translate.responses;

import java.util.Map;

import io.llmgateway.translate.Protocol;
import io.llmgateway.translate.codec.EncodeOptions;
import io.llmgateway.translate.codec.StreamDecoder;
import io.llmgateway.translate.codec.UpstreamCodec;
import io.llmgateway.translate.mapping.Errors;
import io.llmgateway.translate.mapping.Json;
import io.llmgateway.translate.model.ChatRequest;
import io.llmgateway.translate.model.ChatResponse;
import io.llmgateway.translate.model.LlmError;
import io.llmgateway.translate.openai.OpenAiUpstreamCodec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Responses API on the provider side, for OpenAI and Azure: a same-protocol pass-through. The client's own body
 * goes upstream with only the model replaced (reasoning items, {@code store}, {@code previous_response_id}, hosted
 * tools and every other field untouched); the answer is read only to observe usage and, on request, to keep the
 * canonical answer. Stateless and thread-safe.
 */
public final class ResponsesUpstreamCodec implements UpstreamCodec {

	public static final ResponsesUpstreamCodec INSTANCE = new ResponsesUpstreamCodec();

	/**
	 * Whether this request can go to a Responses provider as the client sent it: it came from a Responses client
	 * and no filter changed its messages, system prompt or tools since.
	 */
	public static boolean canPassThrough(ChatRequest request) {
		ResponsesOriginal original = ResponsesOriginal.of(request);
		return request.clientProtocol() == Protocol.OPENAI_RESPONSES && original != null && original.matches(request);
	}

	@Override
	public Protocol protocol() {
		return Protocol.OPENAI_RESPONSES;
	}

	@Override
	public byte[] encodeRequest(ChatRequest request, EncodeOptions options) {
		if (!canPassThrough(request)) {
			throw Errors.badRequest(null, "This request cannot be sent to the Responses API unchanged");
		}
		JsonNode root = ResponsesOriginal.of(request).root();
		ObjectNode body = Json.object();
		for (Map.Entry<String, JsonNode> e : root.properties()) {
			body.set(e.getKey(), e.getValue());
		}
		JsonNode input = root.get("input");
		if (ReasoningCarrier.hasCarrier(input)) {
			// reasoning another provider signed (carried by the gateway) means nothing to OpenAI
			body.set("input", ReasoningCarrier.withoutCarriers(input));
		}
		body.put("model", options.upstreamModel() != null ? options.upstreamModel() : request.model());
		return Json.write(body);
	}

	@Override
	public ChatResponse decodeResponse(byte[] body) {
		return ResponsesResponseReader.read(body);
	}

	@Override
	public StreamDecoder newStreamDecoder() {
		return new ResponsesStreamDecoder();
	}

	/** OpenAI answers Responses errors in the same format as Chat Completions errors. */
	@Override
	public LlmError decodeError(int status, byte[] body) {
		return OpenAiUpstreamCodec.OPENAI.decodeError(status, body);
	}

	/** The usage of a complete {@code response} body, without building the canonical answer. */
	public static io.llmgateway.translate.model.Usage usageOfBody(byte[] body) {
		JsonNode root = Json.tryRead(body);
		return root == null ? null : ResponsesJson.usage(root.get("usage"));
	}

	/** The usage carried by one stream event's data ({@code response.completed} and its siblings), or null. */
	public static io.llmgateway.translate.model.Usage usageOfEvent(String data) {
		JsonNode root = Json.tryRead(data);
		return root == null ? null : ResponsesJson.usage(root.path("response").get("usage"));
	}
}
