package io.llmgateway.sample.e2e;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import tools.jackson.databind.JsonNode;

/** One request a mock provider received: what the gateway sent upstream. */
record RecordedRequest(String method, String pathAndQuery, Map<String, List<String>> headers, String rawBody,
		JsonNode body) {

	RecordedRequest {
		TreeMap<String, List<String>> caseInsensitive = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
		caseInsensitive.putAll(headers);
		headers = caseInsensitive;
	}

	/** The first value of a header, or null. */
	String header(String name) {
		List<String> values = headers.get(name);
		return values == null || values.isEmpty() ? null : values.get(0);
	}

	String path() {
		int q = pathAndQuery.indexOf('?');
		return q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
	}

	@Override
	public String toString() {
		return method + " " + pathAndQuery + " " + (rawBody.length() > 4000 ? rawBody.substring(0, 4000) + "…" : rawBody);
	}
}
