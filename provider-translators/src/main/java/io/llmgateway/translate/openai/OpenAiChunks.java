package io.llmgateway.translate.openai;

import io.llmgateway.translate.mapping.Json;
import io.llmgateway.translate.model.LlmError;
import io.llmgateway.translate.model.Usage;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;

/**
 * Cheap inspection of OpenAI stream chunks and bodies for a pass-through that forwards bytes untouched and only
 * observes: a chunk is parsed only when it carries a usage object or an error, which is one or two chunks per stream.
 */
public final class OpenAiChunks {

	/** What a pass-through needs to know about one chunk. {@code usageOnly}: the extra {@code choices: []} chunk. */
	public record Inspection(Usage usage, boolean usageOnly, LlmError error) {

		static final Inspection NOTHING = new Inspection(null, false, null);
	}

	/** Reads one value in the middle of a document (the default reader insists on the document's end). */
	private static final ObjectReader EMBEDDED_TREE = Json.MAPPER.readerFor(JsonNode.class)
		.without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

	private OpenAiChunks() {
	}

	/** Inspects one SSE {@code data} payload (not {@code [DONE]}). */
	public static Inspection inspect(String data) {
		boolean hasUsage = hasUsageObject(data);
		boolean hasError = !hasUsage && data.startsWith("{\"error\"");
		if (!hasUsage && !hasError) {
			return Inspection.NOTHING;
		}
		JsonNode chunk;
		try {
			chunk = Json.MAPPER.readTree(data);
		}
		catch (JacksonException ex) {
			return Inspection.NOTHING;
		}
		if (chunk == null || !chunk.isObject()) {
			return Inspection.NOTHING;
		}
		JsonNode error = chunk.get("error");
		if (error != null && !error.isNull()) {
			return new Inspection(null, false,
					OpenAiJson.decodeError(500, chunk, "The provider reported an error in the stream."));
		}
		JsonNode choices = chunk.get("choices");
		boolean usageOnly = choices == null || (choices.isArray() && choices.isEmpty());
		return new Inspection(OpenAiJson.usage(chunk.get("usage")), usageOnly, null);
	}

	/**
	 * The usage of a complete {@code chat.completion} body, or null. Streams over the top level and builds a tree only
	 * for {@code usage}: the choices (the bulk of the body) are skipped, not materialized.
	 */
	public static Usage usageOfBody(byte[] body) {
		try (JsonParser parser = Json.MAPPER.createParser(body)) {
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				return null;
			}
			JsonToken token;
			while ((token = parser.nextToken()) == JsonToken.PROPERTY_NAME) {
				String name = parser.currentName();
				JsonToken value = parser.nextToken();
				if (value == JsonToken.START_OBJECT && "usage".equals(name)) {
					return OpenAiJson.usage(EMBEDDED_TREE.readValue(parser));
				}
				parser.skipChildren();
			}
			return null;
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	/** True when {@code "usage"} is followed by an object rather than {@code null}. */
	static boolean hasUsageObject(String data) {
		int from = 0;
		while (true) {
			int i = data.indexOf("\"usage\"", from);
			if (i < 0) {
				return false;
			}
			int j = i + 7;
			while (j < data.length() && (data.charAt(j) == ' ' || data.charAt(j) == ':' || data.charAt(j) == '\t'
					|| data.charAt(j) == '\n' || data.charAt(j) == '\r')) {
				j++;
			}
			if (j < data.length() && data.charAt(j) == '{') {
				return true;
			}
			from = i + 7;
		}
	}
}
