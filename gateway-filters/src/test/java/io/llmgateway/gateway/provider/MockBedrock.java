package io.llmgateway.gateway.provider;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okio.Buffer;
import software.amazon.eventstream.HeaderValue;
import software.amazon.eventstream.Message;

/**
 * A Bedrock Runtime stand-in for MockWebServer that authenticates like the real service: a request whose SigV4
 * signature (recomputed by {@link SigV4Verifier}, independently of the AWS SDK) does not match, whose scope is not
 * {@code <region>/bedrock}, or whose date is missing gets a 403 {@code InvalidSignatureException}. Bearer API keys
 * are accepted when they equal {@link #apiKey}. Valid requests are answered by {@link #responder}.
 */
final class MockBedrock extends Dispatcher {

	final String accessKey;

	final String secretKey;

	final String region;

	volatile String apiKey;

	volatile Function<RecordedRequest, MockResponse> responder;

	/** Requests that passed authentication, with the verdict details. */
	final BlockingQueue<RecordedRequest> accepted = new LinkedBlockingQueue<>();

	MockBedrock(String accessKey, String secretKey, String region) {
		this.accessKey = accessKey;
		this.secretKey = secretKey;
		this.region = region;
	}

	@Override
	public MockResponse dispatch(RecordedRequest request) {
		String auth = request.getHeaders().get("Authorization");
		if (auth != null && auth.startsWith("Bearer ")) {
			if (apiKey == null || !auth.equals("Bearer " + apiKey)) {
				return error(403, "AccessDeniedException", "Invalid API key.");
			}
		}
		else if (!signatureValid(request)) {
			return error(403, "InvalidSignatureException",
					"The request signature we calculated does not match the signature you provided.");
		}
		accepted.add(request);
		return responder.apply(request);
	}

	boolean signatureValid(RecordedRequest request) {
		SigV4Verifier.Authorization parsed = SigV4Verifier.Authorization.parse(request.getHeaders().get("Authorization"));
		String amzDate = request.getHeaders().get("X-Amz-Date");
		if (parsed == null || amzDate == null || !parsed.accessKey().equals(accessKey)
				|| !parsed.region().equals(region) || !parsed.service().equals("bedrock")
				|| !amzDate.startsWith(parsed.date()) || !parsed.signedHeaders().contains("host")
				|| !parsed.signedHeaders().contains("x-amz-date")) {
			return false;
		}
		Map<String, String> headers = new LinkedHashMap<>();
		for (String name : request.getHeaders().names()) {
			headers.put(name.toLowerCase(), String.join(",", request.getHeaders().values(name)));
		}
		String target = request.getTarget();
		int q = target.indexOf('?');
		String path = q < 0 ? target : target.substring(0, q);
		String query = q < 0 ? null : target.substring(q + 1);
		byte[] body = request.getBody() == null ? new byte[0] : request.getBody().toByteArray();
		String expected = SigV4Verifier.signature(request.getMethod(), path, query, headers, parsed.signedHeaders(),
				body, secretKey, amzDate, region, "bedrock", true);
		return expected.equals(parsed.signature());
	}

	static MockResponse error(int code, String type, String message) {
		return new MockResponse.Builder().code(code)
			.addHeader("Content-Type", "application/json")
			.addHeader("x-amzn-ErrorType", type + ":http://internal.amazon.com/coral/com.amazon.bedrock/")
			.body("{\"message\":\"" + message + "\"}")
			.build();
	}

	static MockResponse json(String body) {
		return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(body).build();
	}

	/** A ConverseStream answer: frames encoded by AWS's event-stream library (prelude and message CRCs). */
	static MockResponse eventStream(List<String[]> events) {
		Buffer buffer = new Buffer();
		for (String[] e : events) {
			Map<String, HeaderValue> headers = new LinkedHashMap<>();
			headers.put(":event-type", HeaderValue.fromString(e[0]));
			headers.put(":content-type", HeaderValue.fromString("application/json"));
			headers.put(":message-type", HeaderValue.fromString("event"));
			buffer.write(new Message(headers, e[1].getBytes(StandardCharsets.UTF_8)).toByteBuffer().array());
		}
		return new MockResponse.Builder().code(200)
			.addHeader("Content-Type", "application/vnd.amazon.eventstream")
			.body(buffer)
			.build();
	}

	/** An InvokeModelWithResponseStream answer: each model event base64-encoded in a {@code chunk} frame. */
	static MockResponse invokeStream(List<String> modelEvents) {
		List<String[]> frames = new java.util.ArrayList<>();
		for (String e : modelEvents) {
			String bytes = java.util.Base64.getEncoder().encodeToString(e.getBytes(StandardCharsets.UTF_8));
			frames.add(new String[] { "chunk", "{\"bytes\":\"" + bytes + "\"}" });
		}
		return eventStream(frames);
	}
}
