package io.llmgateway.translate.embeddings;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import io.llmgateway.translate.mapping.Errors;
import io.llmgateway.translate.model.ErrorType;
import io.llmgateway.translate.model.LlmError;
import io.llmgateway.translate.model.LlmException;
import io.llmgateway.translate.mapping.Json;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * OpenAI's {@code /v1/embeddings} format: the client side (parse the request, render the answer in float or base64
 * encoding) and the provider side for OpenAI, Azure and every OpenAI-compatible server.
 */
public final class OpenAiEmbeddings implements EmbeddingsCodec {

	/** OpenAI accepts at most 2048 inputs per request. */
	public static final int MAX_INPUTS = 2048;

	private final String provider;

	public OpenAiEmbeddings(String provider) {
		this.provider = provider;
	}

	/**
	 * Parses a client's body once.
	 * @throws LlmException 400 naming the offending field
	 */
	public static EmbeddingsRequest decodeRequest(byte[] body) {
		JsonNode root;
		try {
			root = Json.MAPPER.readTree(body);
		}
		catch (JacksonException ex) {
			throw new LlmException(LlmError.of(ErrorType.INVALID_REQUEST, "Request body is not valid JSON"));
		}
		if (root == null || !root.isObject()) {
			throw new LlmException(LlmError.of(ErrorType.INVALID_REQUEST, "Request body must be a JSON object"));
		}
		String model = Json.str(root, "model");
		if (model == null || model.isBlank()) {
			throw new LlmException(
					LlmError.of(ErrorType.INVALID_REQUEST, "you must provide a model parameter").withParam("model"));
		}
		JsonNode input = root.get("input");
		List<String> texts = new ArrayList<>();
		if (input == null || input.isNull()) {
			throw invalidInput("'input' is a required property");
		}
		if (input.isString()) {
			texts.add(input.stringValue());
		}
		else if (input.isArray()) {
			if (input.isEmpty()) {
				throw invalidInput("'input' must not be empty");
			}
			if (input.size() > MAX_INPUTS) {
				throw invalidInput("'input' holds more than " + MAX_INPUTS + " items");
			}
			boolean allStrings = true;
			for (JsonNode item : input) {
				if (item.isString()) {
					texts.add(item.stringValue());
				}
				else if (item.isNumber() || item.isArray()) {
					allStrings = false;
				}
				else {
					throw invalidInput("'input' items must be strings or token arrays");
				}
			}
			if (!allStrings) {
				if (!texts.isEmpty()) {
					throw invalidInput("'input' must not mix strings and token arrays");
				}
			}
		}
		else {
			throw invalidInput("'input' must be a string or an array");
		}
		String format = Json.str(root, "encoding_format");
		if (format != null && !format.equals("float") && !format.equals("base64")) {
			throw new LlmException(LlmError.of(ErrorType.INVALID_REQUEST, "encoding_format must be float or base64")
				.withParam("encoding_format"));
		}
		JsonNode dims = root.get("dimensions");
		Integer dimensions = dims != null && dims.isNumber() ? dims.intValue() : null;
		return new EmbeddingsRequest(model, texts, input, format == null ? "float" : format, dimensions,
				Json.str(root, "user"), Json.str(root, "input_type"));
	}

	private static LlmException invalidInput(String message) {
		return new LlmException(LlmError.of(ErrorType.INVALID_REQUEST, message).withParam("input"));
	}

	/** Renders the answer as OpenAI does, with {@code clientModel} as the model name. */
	public static byte[] encodeResponse(EmbeddingsResponse response, String clientModel, String encodingFormat) {
		ObjectNode root = Json.object();
		root.put("object", "list");
		ArrayNode data = root.putArray("data");
		boolean base64 = "base64".equals(encodingFormat);
		for (int i = 0; i < response.vectors().size(); i++) {
			float[] v = response.vectors().get(i);
			ObjectNode item = data.addObject();
			item.put("object", "embedding");
			item.put("index", i);
			if (base64) {
				item.put("embedding", toBase64(v));
			}
			else {
				ArrayNode values = item.putArray("embedding");
				for (float f : v) {
					values.add(f);
				}
			}
		}
		root.put("model", clientModel);
		ObjectNode usage = root.putObject("usage");
		usage.put("prompt_tokens", response.promptTokens());
		usage.put("total_tokens", response.promptTokens());
		return Json.write(root);
	}

	/** OpenAI's base64 encoding: little-endian float32. */
	static String toBase64(float[] v) {
		ByteBuffer buf = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
		for (float f : v) {
			buf.putFloat(f);
		}
		return Base64.getEncoder().encodeToString(buf.array());
	}

	static float[] fromBase64(String s) {
		ByteBuffer buf = ByteBuffer.wrap(Base64.getDecoder().decode(s)).order(ByteOrder.LITTLE_ENDIAN);
		float[] v = new float[buf.remaining() / 4];
		for (int i = 0; i < v.length; i++) {
			v[i] = buf.getFloat();
		}
		return v;
	}

	static float[] floats(JsonNode values) {
		if (values == null) {
			return new float[0];
		}
		if (values.isString()) {
			return fromBase64(values.stringValue());
		}
		float[] v = new float[values.size()];
		for (int i = 0; i < v.length; i++) {
			v[i] = values.get(i).floatValue();
		}
		return v;
	}

	@Override
	public byte[] encodeRequest(EmbeddingsRequest request, String upstreamModel) {
		ObjectNode body = Json.object();
		body.put("model", upstreamModel);
		if (request.rawInput() != null) {
			body.set("input", request.rawInput());
		}
		else {
			ArrayNode input = body.putArray("input");
			request.inputs().forEach(input::add);
		}
		// floats upstream: the gateway renders the client's encoding itself
		body.put("encoding_format", "float");
		if (request.dimensions() != null) {
			body.put("dimensions", request.dimensions());
		}
		if (request.user() != null) {
			body.put("user", request.user());
		}
		return Json.write(body);
	}

	@Override
	public EmbeddingsResponse decodeResponse(byte[] body) {
		JsonNode root = Json.readUpstream(body, provider);
		List<JsonNode> items = new ArrayList<>();
		root.path("data").forEach(items::add);
		// the index field is authoritative; servers may answer out of order
		items.sort((a, b) -> Integer.compare(a.path("index").asInt(0), b.path("index").asInt(0)));
		List<float[]> vectors = new ArrayList<>();
		for (JsonNode item : items) {
			vectors.add(floats(item.get("embedding")));
		}
		JsonNode usage = root.get("usage");
		long tokens = Json.count(usage, "prompt_tokens");
		if (tokens == 0) {
			tokens = Json.count(usage, "total_tokens");
		}
		return new EmbeddingsResponse(Json.str(root, "model"), vectors, tokens, usage == null);
	}

	@Override
	public LlmError decodeError(int status, byte[] body) {
		return Errors.errorForStatus(status, provider, Errors.errorMessage(body));
	}

	@Override
	public int maxInputsPerCall() {
		return MAX_INPUTS;
	}

	@Override
	public boolean acceptsTokenInput() {
		return true;
	}
}
