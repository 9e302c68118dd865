package io.llmgateway.translate.cohere;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

import io.llmgateway.translate.support.LineFramer;

/**
 * The {@code data} of each server-sent event: {@code data:} lines joined with newlines, dispatched on a blank line;
 * comments and other fields ignored; CRLF tolerated. Works on bytes, so UTF-8 split across reads is safe.
 */
final class SseDataFramer {

	private final LineFramer lines = new LineFramer(8 * 1024 * 1024, true);

	private final StringBuilder data = new StringBuilder();

	private boolean hasData;

	void feed(ByteBuffer chunk, Consumer<String> events) {
		lines.feed(chunk, line -> onLine(line, events));
	}

	void finish(Consumer<String> events) {
		lines.finish(line -> onLine(line, events));
		dispatch(events);
	}

	private void onLine(String line, Consumer<String> events) {
		if (line.isEmpty()) {
			dispatch(events);
			return;
		}
		if (line.startsWith("data:")) {
			String value = line.substring(5);
			if (value.startsWith(" ")) {
				value = value.substring(1);
			}
			if (hasData) {
				data.append('\n');
			}
			data.append(value);
			hasData = true;
		}
	}

	private void dispatch(Consumer<String> events) {
		if (hasData) {
			String event = data.toString();
			data.setLength(0);
			hasData = false;
			events.accept(event);
		}
	}
}
