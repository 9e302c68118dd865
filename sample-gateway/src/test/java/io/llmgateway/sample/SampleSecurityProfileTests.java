package io.llmgateway.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's "security" profile: Spring Security authenticates HTTP basic users and JWTs signed with the local
 * test key, the LLM filters read the principal, and virtual keys keep working beside them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "llm.database.path=./target/test-db/llm-${random.uuid}",
				"llm.spend.journal.directory=./target/test-journal/${random.uuid}", "llm.demo.chunk-delay=0s",
				"llm.keys.master-key=" + SampleSecurityProfileTests.MASTER,
				"sample.security.jwt-secret=" + SampleSecurityProfileTests.SECRET })
@ActiveProfiles({ "demo", "security" })
class SampleSecurityProfileTests {

	static final String MASTER = "sk-sample-master-test";

	static final String SECRET = "sample-security-profile-test-secret-32+";

	static final String CHAT = "{\"model\":\"demo\",\"messages\":[{\"role\":\"user\",\"content\":\"ping\"}]}";

	@LocalServerPort
	int port;

	HttpResponse<String> post(String path, String body, Map<String, String> headers) throws Exception {
		HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.header("content-type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		headers.forEach(b::header);
		return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
	}

	HttpResponse<String> get(String path, Map<String, String> headers) throws Exception {
		HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET();
		headers.forEach(b::header);
		return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
	}

	static String basic(String user, String password) {
		return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
	}

	OpenAIClient sdk(String apiKey) {
		return OpenAIOkHttpClient.builder()
			.baseUrl("http://127.0.0.1:" + port + "/v1")
			.apiKey(apiKey)
			.maxRetries(0)
			.timeout(Duration.ofSeconds(20))
			.build();
	}

	@Test
	void httpBasicUserIsTheIdentity() throws Exception {
		HttpResponse<String> ok = post("/v1/chat/completions", CHAT,
				Map.of("Authorization", basic("alice", "alice-pw")));
		assertThat(ok.statusCode()).isEqualTo(200);
		assertThat(ok.body()).contains("Hello from the demo model");

		assertThat(post("/v1/chat/completions", CHAT, Map.of("Authorization", basic("alice", "wrong"))).statusCode())
			.isEqualTo(401);
	}

	@Test
	void withoutCredentialsTheGatewayAnswers401InTheClientsProtocol() throws Exception {
		HttpResponse<String> res = post("/v1/chat/completions", CHAT, Map.of());
		assertThat(res.statusCode()).isEqualTo(401);
		assertThat(res.body()).contains("\"authentication_error\"").contains("Missing API key");
	}

	@Test
	void jwtSignedWithTheLocalKeyWorksThroughTheOpenAiSdk() throws Exception {
		JWTClaimsSet claims = new JWTClaimsSet.Builder().subject("jwt-user")
			.claim("team", "demo")
			.issueTime(new Date())
			.expirationTime(Date.from(Instant.now().plusSeconds(300)))
			.build();
		SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
		jwt.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));

		var answer = sdk(jwt.serialize()).chat().completions()
			.create(ChatCompletionCreateParams.builder().model("demo").addUserMessage("ping").build());
		assertThat(answer.choices().get(0).message().content().orElseThrow()).contains("Hello from the demo model");
	}

	@Test
	void virtualKeysAndTheAdminApiStillWork() throws Exception {
		// an admin principal (HTTP basic) or the master key may create keys; alice may not
		assertThat(post("/key/generate", "{}", Map.of("Authorization", basic("alice", "alice-pw"))).statusCode())
			.isEqualTo(401);
		assertThat(post("/key/generate", "{}", Map.of("Authorization", basic("admin", "admin-pw"))).statusCode())
			.isEqualTo(200);
		HttpResponse<String> generated = post("/key/generate", "{\"key_alias\":\"sample-sdk\"}",
				Map.of("Authorization", "Bearer " + MASTER));
		assertThat(generated.statusCode()).isEqualTo(200);
		String key = generated.body().replaceAll("(?s).*\"key\"\\s*:\\s*\"([^\"]+)\".*", "$1");
		assertThat(key).startsWith("sk-");

		var answer = sdk(key).chat().completions()
			.create(ChatCompletionCreateParams.builder().model("demo").addUserMessage("ping").build());
		assertThat(answer.choices().get(0).message().content().orElseThrow()).contains("Hello from the demo model");
		assertThat(get("/key/info", Map.of("Authorization", "Bearer " + key)).statusCode()).isEqualTo(200);
	}
}
