package io.llmgateway.sample.e2e;

import java.util.List;

import io.llmgateway.gateway.support.mock.MockProvider;
import io.llmgateway.gateway.support.mock.MockProvider.Behaviour;
import io.llmgateway.gateway.support.mock.MockProvider.Received;
import io.llmgateway.gateway.support.mock.Replies;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A provider of one family on loopback, on the mock provider library's {@link MockProvider}: records every request
 * the gateway sends it and answers in its family's wire format, following {@link AgentScript}. A POST without a JSON
 * body is recorded and answered 400; a subclass answers the rest (404 for a path its family does not serve).
 */
abstract class FamilyMock implements AutoCloseable {

	static final JsonMapper JSON = MockProvider.JSON;

	private final MockProvider provider = new MockProvider();

	FamilyMock() {
		provider.check(this::rejectWithoutJsonBody, MockProvider.Record.ALL).answer(this::answerOrFail);
	}

	/** The family's name as it appears in the mock's answers. */
	abstract String family();

	/** Answers one request; {@code body} is its parsed JSON, null when it has none (never for a POST). */
	abstract Behaviour answer(Received request, JsonNode body);

	String baseUrl() {
		return provider.root();
	}

	/** The requests received since the last {@link #reset}, in arrival order. */
	List<Received> received() {
		return provider.queued();
	}

	/** The requests whose path (without query) ends with the suffix, in arrival order. */
	List<Received> received(String pathSuffix) {
		return received().stream().filter(r -> r.pathOnly().endsWith(pathSuffix)).toList();
	}

	void reset() {
		provider.clear();
	}

	@Override
	public void close() {
		provider.close();
	}

	Behaviour error(int status, String message) {
		ObjectNode root = JSON.createObjectNode();
		root.putObject("error").put("type", "invalid_request_error").put("message", message);
		return json(status, root);
	}

	static Behaviour json(int status, JsonNode body) {
		return Replies.json(status, JSON.writeValueAsString(body));
	}

	/** One SSE frame carrying {@code data} as JSON, with an {@code event:} line when name is not null. */
	static String event(String name, JsonNode data) {
		return Replies.sseFrame(name, JSON.writeValueAsString(data));
	}

	private Behaviour rejectWithoutJsonBody(Received request) {
		return "POST".equals(request.method()) && parse(request) == null
				? error(400, "the mock " + family() + " provider expects a JSON body") : null;
	}

	// a mock that breaks says so in the answer, rather than as a dropped connection the gateway would report
	private Behaviour answerOrFail(Received request) {
		try {
			return answer(request, parse(request));
		}
		catch (RuntimeException e) {
			return error(500, "mock " + family() + " failed: " + e);
		}
	}

	private static JsonNode parse(Received request) {
		if (request.body().isBlank()) {
			return null;
		}
		try {
			return JSON.readTree(request.body());
		}
		catch (RuntimeException notJson) {
			return null;
		}
	}
}
