package io.llmgateway.gateway.support.mock;

import java.nio.charset.StandardCharsets;
import java.util.function.Function;

import reactor.core.publisher.Mono;

import io.llmgateway.gateway.support.mock.MockProvider.Behaviour;
import io.llmgateway.gateway.support.mock.MockProvider.Received;

/**
 * A Bedrock Runtime stand-in that authenticates like the real service: a request whose SigV4 signature (recomputed
 * by {@link SigV4Verifier}, independently of the AWS SDK) does not match, whose scope is not
 * {@code <region>/bedrock}, or whose date is missing gets a 403 {@code InvalidSignatureException}. Bearer API keys
 * are accepted when they equal the one set by {@link #apiKey}. Only accepted requests are recorded; they are
 * answered by the function given to {@link MockProvider#answer}.
 */
public final class BedrockStandIn {

	private final String accessKey;

	private final String secretKey;

	private final String region;

	private volatile String apiKey;

	private BedrockStandIn(String accessKey, String secretKey, String region) {
		this.accessKey = accessKey;
		this.secretKey = secretKey;
		this.region = region;
	}

	/** A mock Bedrock checking SigV4 for these credentials, answering accepted requests with {@code answers}. */
	public static Handle start(String accessKey, String secretKey, String region, Function<Received, Behaviour> answers) {
		BedrockStandIn rules = new BedrockStandIn(accessKey, secretKey, region);
		MockProvider server = new MockProvider().check(rules::authenticate, MockProvider.Record.ACCEPTED).answer(answers);
		return new Handle(server, rules);
	}

	/** The server and the switch for Bedrock API keys. */
	public record Handle(MockProvider server, BedrockStandIn rules) implements AutoCloseable {

		/** Accepts {@code Bearer <key>} from now on. */
		public void apiKey(String key) {
			rules.apiKey = key;
		}

		@Override
		public void close() {
			server.close();
		}
	}

	private Behaviour authenticate(Received r) {
		String auth = r.header("authorization");
		if (auth != null && auth.startsWith("Bearer ")) {
			return apiKey != null && auth.equals("Bearer " + apiKey) ? null
					: error(403, "AccessDeniedException", "Invalid API key.");
		}
		return signatureValid(r) ? null : error(403, "InvalidSignatureException",
				"The request signature we calculated does not match the signature you provided.");
	}

	private boolean signatureValid(Received r) {
		SigV4Verifier.Authorization parsed = SigV4Verifier.Authorization.parse(r.header("authorization"));
		String amzDate = r.header("x-amz-date");
		if (parsed == null || amzDate == null || !parsed.accessKey().equals(accessKey)
				|| !parsed.region().equals(region) || !parsed.service().equals("bedrock")
				|| !amzDate.startsWith(parsed.date()) || !parsed.signedHeaders().contains("host")
				|| !parsed.signedHeaders().contains("x-amz-date")) {
			return false;
		}
		int q = r.path().indexOf('?');
		String query = q < 0 ? null : r.path().substring(q + 1);
		String expected = SigV4Verifier.signature(r.method(), r.pathOnly(), query, r.headers(), parsed.signedHeaders(),
				r.body().getBytes(StandardCharsets.UTF_8), secretKey, amzDate, region, "bedrock", true);
		return expected.equals(parsed.signature());
	}

	/** A Bedrock error: the status, {@code x-amzn-ErrorType} and a JSON message. */
	public static Behaviour error(int status, String type, String message) {
		return (req, res) -> res.status(status)
			.header("content-type", "application/json")
			.header("x-amzn-ErrorType", type + ":http://internal.amazon.com/coral/com.amazon.bedrock/")
			.sendString(Mono.just("{\"message\":\"" + message + "\"}"));
	}
}
