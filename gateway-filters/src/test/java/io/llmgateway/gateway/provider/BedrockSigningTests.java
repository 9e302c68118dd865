package io.llmgateway.gateway.provider;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.llmgateway.gateway.core.Deployment;
import io.llmgateway.gateway.core.UpstreamCall;
import io.llmgateway.gateway.support.mock.BedrockStandIn;
import io.llmgateway.gateway.support.mock.MockProvider;
import io.llmgateway.gateway.support.mock.Replies;
import io.llmgateway.gateway.support.mock.SigV4Verifier;
import io.llmgateway.translate.codec.EncodeOptions;
import io.llmgateway.translate.model.ChatRequest;
import io.llmgateway.translate.model.Message;
import io.llmgateway.translate.model.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SigV4 as Bedrock checks it: the test's own SigV4 implementation (from AWS's published algorithm) must reproduce an
 * AWS-published test vector, and must accept what the adapter (the AWS SDK signer) sends over HTTP.
 */
class BedrockSigningTests {

	static final String ACCESS_KEY = "AKIDEXAMPLE";

	static final String SECRET_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

	private BedrockStandIn.Handle bedrock;

	@BeforeEach
	void start() {
		bedrock = BedrockStandIn.start(ACCESS_KEY, SECRET_KEY, "eu-west-3", r -> Replies.json(200, """
				{"output":{"message":{"role":"assistant","content":[{"text":"Hi"}]}},"stopReason":"end_turn",
				 "usage":{"inputTokens":3,"outputTokens":1,"totalTokens":4}}"""));
	}

	@AfterEach
	void stop() {
		bedrock.close();
	}

	/** AWS SigV4 test suite, "get-vanilla": GET / on example.amazonaws.com, service "service", us-east-1. */
	@Test
	void independentImplementationReproducesAwsGetVanillaVector() {
		Map<String, String> headers = Map.of("Host", "example.amazonaws.com", "X-Amz-Date", "20150830T123600Z");
		List<String> signed = List.of("host", "x-amz-date");
		String canonical = SigV4Verifier.canonicalRequest("GET", "/", null, headers, signed, new byte[0], true);
		assertThat(canonical).isEqualTo("""
				GET
				/

				host:example.amazonaws.com
				x-amz-date:20150830T123600Z

				host;x-amz-date
				e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855""");
		assertThat(SigV4Verifier.hex(SigV4Verifier.sha256(canonical.getBytes(StandardCharsets.UTF_8))))
			.isEqualTo("bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63");
		assertThat(SigV4Verifier.signature("GET", "/", null, headers, signed, new byte[0], SECRET_KEY,
				"20150830T123600Z", "us-east-1", "service", true))
			.isEqualTo("5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
	}

	@Test
	void theSignedConverseCallIsAcceptedByTheMockService() throws Exception {
		Deployment deployment = TestDeployments.of("bedrock", "anthropic.claude-3-haiku-20240307-v1:0")
			.apiBase(bedrock.server().root())
			.aws("eu-west-3", ACCESS_KEY, SECRET_KEY)
			.build();
		UpstreamCall call = adapter().prepareChat(deployment, request(), EncodeOptions.forModel(deployment.model()))
			.block(Duration.ofSeconds(10));
		int status = send(call);
		assertThat(status).isEqualTo(200);
		MockProvider.Received received = bedrock.server().poll(Duration.ZERO);
		assertThat(received).isNotNull();
		// the model id is a single, percent-encoded path segment
		assertThat(received.path()).isEqualTo("/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse");
		assertThat(received.header("Authorization"))
			.startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
			.contains("/eu-west-3/bedrock/aws4_request");
	}

	@Test
	void aTamperedBodyOrWrongKeyIsRejectedByTheMock() throws Exception {
		Deployment wrongSecret = TestDeployments.of("bedrock", "amazon.nova-lite-v1:0")
			.apiBase(bedrock.server().root())
			.aws("eu-west-3", ACCESS_KEY, "not-the-secret")
			.build();
		UpstreamCall call = adapter().prepareChat(wrongSecret, request(), EncodeOptions.forModel(wrongSecret.model()))
			.block(Duration.ofSeconds(10));
		assertThat(send(call)).isEqualTo(403);

		Deployment good = TestDeployments.of("bedrock", "amazon.nova-lite-v1:0")
			.apiBase(bedrock.server().root())
			.aws("eu-west-3", ACCESS_KEY, SECRET_KEY)
			.build();
		UpstreamCall signed = adapter().prepareChat(good, request(), EncodeOptions.forModel(good.model()))
			.block(Duration.ofSeconds(10));
		byte[] tampered = new String(signed.body(), StandardCharsets.UTF_8).replace("Hello", "Hellp")
			.getBytes(StandardCharsets.UTF_8);
		UpstreamCall forged = new UpstreamCall(signed.method(), signed.uri(), signed.headers(), tampered,
				signed.codec(), false);
		assertThat(send(forged)).isEqualTo(403);
	}

	@Test
	void aBedrockApiKeyIsSentAsBearer() throws Exception {
		bedrock.apiKey("bedrock-api-key-123");
		Deployment deployment = TestDeployments.of("bedrock", "amazon.nova-lite-v1:0")
			.apiBase(bedrock.server().root())
			.apiKey("bedrock-api-key-123")
			.aws("eu-west-3", null, null)
			.build();
		UpstreamCall call = adapter().prepareChat(deployment, request(), EncodeOptions.forModel(deployment.model()))
			.block(Duration.ofSeconds(10));
		assertThat(send(call)).isEqualTo(200);
		assertThat(call.headers().getFirst("Authorization")).isEqualTo("Bearer bedrock-api-key-123");
	}

	@Test
	void defaultEndpointIsRegional() {
		Deployment deployment = TestDeployments.of("bedrock", "us.anthropic.claude-sonnet-4-20250514-v1:0")
			.aws("us-west-2", ACCESS_KEY, SECRET_KEY)
			.build();
		ChatRequest r = request().stream(true);
		UpstreamCall call = adapter().prepareChat(deployment, r, EncodeOptions.forModel(deployment.model()))
			.block(Duration.ofSeconds(10));
		assertThat(call.uri().toString()).isEqualTo(
				"https://bedrock-runtime.us-west-2.amazonaws.com/model/us.anthropic.claude-sonnet-4-20250514-v1%3A0/converse-stream");
		assertThat(call.stream()).isTrue();
	}

	static BedrockProviderAdapter adapter() {
		return new BedrockProviderAdapter(new AwsSigV4Signer(), new AwsCredentialsSource());
	}

	static ChatRequest request() {
		ChatRequest r = new ChatRequest().model("alias").maxTokens(64);
		r.messages().add(Message.text(Role.USER, "Hello"));
		return r;
	}

	/** Sends a prepared call the way the dispatcher does: its headers, a Content-Length, its exact bytes. */
	static int send(UpstreamCall call) {
		return HttpClient.create()
			.headers(h -> {
				call.headers().forEach((name, values) -> h.set(name, values));
				h.set("Content-Length", Integer.toString(call.body().length));
			})
			.request(io.netty.handler.codec.http.HttpMethod.valueOf(call.method().name()))
			.uri(call.uri())
			.send((req, out) -> out.sendByteArray(Mono.just(call.body())))
			.responseSingle((resp, body) -> Mono.just(resp.status().code()))
			.block(Duration.ofSeconds(10));
	}
}
