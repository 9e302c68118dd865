package io.llmgateway.translate.openai;

import java.nio.charset.StandardCharsets;

import io.llmgateway.translate.mapping.Json;
import io.llmgateway.translate.model.LlmError;
import io.llmgateway.translate.model.Usage;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;

import static io.llmgateway.translate.sse.Bytes.indexOf;
import static io.llmgateway.translate.sse.Bytes.startsWith;

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

	private static final byte[] USAGE_KEY = "\"usage\"".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] ERROR_START = "{\"error\"".getBytes(StandardCharsets.US_ASCII);

	private OpenAiChunks() {
	}

	/** Inspects one SSE {@code data} payload (not {@code [DONE]}). */
	public static Inspection inspect(String data) {
		byte[] bytes = data.getBytes(StandardCharsets.UTF_8);
		return inspect(bytes, 0, bytes.length);
	}

	/**
	 * Inspects one SSE {@code data} payload (not {@code [DONE]}) where it lies, UTF-8, without a copy or a tree of the
	 * whole chunk: only {@code usage} is read into one (a few fields), {@code choices} is only checked for being empty.
	 */
	public static Inspection inspect(byte[] data, int offset, int length) {
		boolean hasUsage = hasUsageObject(data, offset, offset + length);
		boolean hasError = !hasUsage && startsWith(data, offset, offset + length, ERROR_START);
		if (!hasUsage && !hasError) {
			return Inspection.NOTHING;
		}
		try (JsonParser parser = Json.MAPPER.createParser(data, offset, length)) {
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				return Inspection.NOTHING;
			}
			Usage usage = null;
			boolean hasChoices = false;
			boolean choicesEmpty = false;
			JsonToken token;
			while ((token = parser.nextToken()) == JsonToken.PROPERTY_NAME) {
				String name = parser.currentName();
				JsonToken value = parser.nextToken();
				if (name.equals("error") && value != JsonToken.VALUE_NULL) {
					// rare: read the whole chunk as the error decoder expects it
					return inspectError(data, offset, length);
				}
				if (name.equals("usage") && value == JsonToken.START_OBJECT) {
					usage = OpenAiJson.usage(EMBEDDED_TREE.readValue(parser));
				}
				else if (name.equals("choices") && value == JsonToken.START_ARRAY) {
					hasChoices = true;
					choicesEmpty = isEmptyArray(parser);
				}
				else {
					parser.skipChildren();
				}
			}
			if (token != JsonToken.END_OBJECT) {
				return Inspection.NOTHING;
			}
			return new Inspection(usage, !hasChoices || choicesEmpty, null);
		}
		catch (JacksonException ex) {
			return Inspection.NOTHING;
		}
	}

	/** Consumes an array whose start was just read; true when it had no element. */
	private static boolean isEmptyArray(JsonParser parser) {
		JsonToken token = parser.nextToken();
		if (token == JsonToken.END_ARRAY) {
			return true;
		}
		while (token != JsonToken.END_ARRAY && token != null) {
			parser.skipChildren();
			token = parser.nextToken();
		}
		return false;
	}

	private static Inspection inspectError(byte[] data, int offset, int length) {
		JsonNode chunk = Json.MAPPER.readTree(new String(data, offset, length, StandardCharsets.UTF_8));
		return new Inspection(null, false,
				OpenAiJson.decodeError(500, chunk, "The provider reported an error in the stream."));
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
		byte[] bytes = data.getBytes(StandardCharsets.UTF_8);
		return hasUsageObject(bytes, 0, bytes.length);
	}

	private static boolean hasUsageObject(byte[] b, int from, int to) {
		int i = from;
		while ((i = indexOf(b, i, to, USAGE_KEY)) >= 0) {
			int j = i + USAGE_KEY.length;
			while (j < to && (b[j] == ' ' || b[j] == ':' || b[j] == '\t' || b[j] == '\n' || b[j] == '\r')) {
				j++;
			}
			if (j < to && b[j] == '{') {
				return true;
			}
			i += USAGE_KEY.length;
		}
		return false;
	}
}
