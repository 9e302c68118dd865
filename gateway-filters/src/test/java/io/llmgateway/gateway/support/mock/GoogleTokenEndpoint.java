package io.llmgateway.gateway.support.mock;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;

import io.llmgateway.gateway.support.mock.MockProvider.Behaviour;
import io.llmgateway.gateway.support.mock.MockProvider.Received;

/**
 * A local stand-in (on {@link MockProvider}) for Google's OAuth token endpoint. It owns a freshly generated RSA key pair, writes a
 * service-account file whose {@code token_uri} points at itself, and issues access tokens only for a JWT-bearer
 * assertion signed by that key (RS256) for the cloud-platform scope, as Google's endpoint does.
 */
public final class GoogleTokenEndpoint implements AutoCloseable {

	public static final String CLIENT_EMAIL = "gateway-test@test-project.iam.gserviceaccount.com";

	private final MockProvider server = new MockProvider();

	private final KeyPair keys;

	public final AtomicInteger issued = new AtomicInteger();

	public volatile int expiresInSeconds = 3600;

	public GoogleTokenEndpoint() throws Exception {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		keys = generator.generateKeyPair();
		server.answer(this::issue);
	}

	public String tokenUri() {
		return server.root() + "/token";
	}

	/** The access token issued as the n-th (1-based). */
	public static String token(int n) {
		return "ya29.test-token-" + n;
	}

	public Path writeServiceAccountFile(Path dir) throws Exception {
		String pem = "-----BEGIN PRIVATE KEY-----\n"
				+ Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
					.encodeToString(keys.getPrivate().getEncoded())
				+ "\n-----END PRIVATE KEY-----\n";
		String json = """
				{"type":"service_account","project_id":"test-project","private_key_id":"k1",
				 "private_key":%s,"client_email":"%s","client_id":"1234567890",
				 "token_uri":"%s"}""".formatted(jsonString(pem), CLIENT_EMAIL, tokenUri());
		Path file = dir.resolve("service-account.json");
		Files.writeString(file, json);
		return file;
	}

	private Behaviour issue(Received request) {
		String form = request.body();
		String grant = param(form, "grant_type");
		String assertion = param(form, "assertion");
		if (!"POST".equals(request.method()) || !"urn:ietf:params:oauth:grant-type:jwt-bearer".equals(grant)
				|| assertion == null || !validAssertion(assertion)) {
			return Replies.json(400, "{\"error\":\"invalid_grant\",\"error_description\":\"Invalid JWT Signature.\"}");
		}
		int n = issued.incrementAndGet();
		return Replies.json(200, "{\"access_token\":\"" + token(n) + "\",\"expires_in\":" + expiresInSeconds
				+ ",\"token_type\":\"Bearer\"}");
	}

	/** RS256 signature by our key; issuer, Google's token audience and the cloud-platform scope, as Google requires. */
	private boolean validAssertion(String jwt) {
		try {
			String[] parts = jwt.split("\\.");
			if (parts.length != 3) {
				return false;
			}
			Signature verifier = Signature.getInstance("SHA256withRSA");
			verifier.initVerify(keys.getPublic());
			verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
			if (!verifier.verify(Base64.getUrlDecoder().decode(parts[2]))) {
				return false;
			}
			String header = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8);
			String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
			return header.contains("\"RS256\"") && claims.contains("\"iss\":\"" + CLIENT_EMAIL + "\"")
					&& claims.contains("\"aud\":\"https://oauth2.googleapis.com/token\"")
					&& claims.contains("https://www.googleapis.com/auth/cloud-platform");
		}
		catch (Exception ex) {
			return false;
		}
	}

	private static String param(String form, String name) {
		for (String pair : form.split("&")) {
			int eq = pair.indexOf('=');
			if (eq > 0 && pair.substring(0, eq).equals(name)) {
				return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
			}
		}
		return null;
	}

	private static String jsonString(String s) {
		return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
	}

	@Override
	public void close() {
		server.close();
	}
}
