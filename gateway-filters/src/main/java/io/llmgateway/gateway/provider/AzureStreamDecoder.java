package io.llmgateway.gateway.provider;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

import io.llmgateway.translate.codec.StreamDecoder;
import io.llmgateway.translate.model.ErrorType;
import io.llmgateway.translate.model.LlmError;
import io.llmgateway.translate.model.StreamEvent;
import io.llmgateway.translate.openai.OpenAiStreamDecoder;
import io.llmgateway.translate.sse.SseParser;
import io.llmgateway.translate.mapping.Json;
import tools.jackson.databind.JsonNode;

/**
 * Azure OpenAI streams: the OpenAI decoder, minus Azure's content-filter annotation chunks. Azure opens a stream
 * with a chunk whose {@code choices} is empty and whose {@code id}/{@code model} are empty strings, carrying only
 * {@code prompt_filter_results}; passed on, it would become the stream's start with an empty id.
 */
final class AzureStreamDecoder implements StreamDecoder {

	private final SseParser parser = new SseParser();

	private final OpenAiStreamDecoder openAi = new OpenAiStreamDecoder();

	private boolean failed;

	@Override
	public void decode(ByteBuffer chunk, Consumer<StreamEvent> sink) {
		if (failed) {
			return;
		}
		try {
			parser.feed(chunk, e -> onData(e.data(), sink));
		}
		catch (IllegalStateException ex) {
			failed = true;
			sink.accept(new StreamEvent.Error(LlmError.of(ErrorType.BAD_GATEWAY, "[azure] malformed event stream")));
		}
	}

	@Override
	public void end(Consumer<StreamEvent> sink) {
		if (failed) {
			return;
		}
		parser.end(e -> onData(e.data(), sink));
		openAi.end(sink);
	}

	private void onData(String data, Consumer<StreamEvent> sink) {
		if (data != null && isFilterAnnotation(data)) {
			return;
		}
		openAi.decodeData(data, sink);
	}

	static boolean isFilterAnnotation(String data) {
		if (!data.contains("\"prompt_filter_results\"")) {
			return false;
		}
		try {
			JsonNode chunk = Json.MAPPER.readTree(data);
			JsonNode choices = chunk.path("choices");
			JsonNode usage = chunk.get("usage");
			return choices.isArray() && choices.isEmpty() && (usage == null || usage.isNull());
		}
		catch (RuntimeException ex) {
			return false;
		}
	}
}
