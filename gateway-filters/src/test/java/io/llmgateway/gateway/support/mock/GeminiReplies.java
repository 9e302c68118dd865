package io.llmgateway.gateway.support.mock;

/** Gemini generateContent answers: text, function call, and both streamed ({@code alt=sse}, CRLF-separated as Google sends them). */
public final class GeminiReplies {

	private GeminiReplies() {
	}

	public static final String TEXT = """
			{"candidates":[{"content":{"role":"model","parts":[{"text":"Hello from Gemini on Vertex"}]},"finishReason":"STOP","index":0}],
			 "usageMetadata":{"promptTokenCount":8,"candidatesTokenCount":5,"totalTokenCount":13},"modelVersion":"gemini-2.5-flash","responseId":"r1"}""";

	public static final String TOOL = """
			{"candidates":[{"content":{"role":"model","parts":[{"functionCall":{"name":"get_weather","args":{"city":"Oslo"}}}]},"finishReason":"STOP","index":0}],
			 "usageMetadata":{"promptTokenCount":15,"candidatesTokenCount":5,"totalTokenCount":20},"modelVersion":"gemini-2.5-flash","responseId":"r2"}""";

	public static final String STREAM_TEXT = "data: {\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"Hello from \"}]},\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":8,\"candidatesTokenCount\":2,\"totalTokenCount\":10},\"responseId\":\"r3\"}\r\n\r\n"
			+ "data: {\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"Gemini on Vertex\"}]},\"finishReason\":\"STOP\",\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":8,\"candidatesTokenCount\":5,\"totalTokenCount\":13},\"responseId\":\"r3\"}\r\n\r\n";

	public static final String STREAM_TOOL = "data: {\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"functionCall\":{\"name\":\"get_weather\",\"args\":{\"city\":\"Oslo\"}}}]},\"finishReason\":\"STOP\",\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":15,\"candidatesTokenCount\":5,\"totalTokenCount\":20},\"responseId\":\"r4\"}\r\n\r\n";
}
